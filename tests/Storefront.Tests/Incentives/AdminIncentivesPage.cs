using System.Net;
using Storefront.Core.Incentives;
using Storefront.Tests.Admin;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Incentives;

/// <summary>/Admin/Incentives: staff only, validates what it saves.</summary>
public sealed class AdminIncentivesPage(StorefrontHost host) : AdminTestBase(host)
{
    private static List<KeyValuePair<string, string>> Form(string nextValue = "10", string nextKind = "Percent", string apologyDays = "7") =>
    [
        new("Input.FreeShippingOnBackorders", "true"),
        new("Input.NextPurchaseEnabled", "true"),
        new("Input.NextPurchaseKind", nextKind),
        new("Input.NextPurchaseValue", nextValue),
        new("Input.NextPurchaseValidDays", "60"),
        new("Input.ApologyEnabled", "true"),
        new("Input.ApologyKind", "Amount"),
        new("Input.ApologyValue", "5.50"),
        new("Input.ApologyAfterDays", apologyDays),
        new("Input.ApologyValidDays", "30"),
    ];

    private Task<IncentiveSettings> SettingsAsync() => App.WithDbAsync(db => new IncentiveSettingsService(db, TimeProvider.System).GetAsync());

    [Fact]
    public async Task Staff_SaveIncentives_AndSeeThemAgain()
    {
        var response = await Staff.PostAsync("/Admin/Incentives", Form());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await SettingsAsync();
        Assert.True(saved.FreeShippingOnBackorders);
        Assert.True(saved.NextPurchaseEnabled);
        Assert.Equal(DiscountKind.Percent, saved.NextPurchaseKind);
        Assert.Equal(10, saved.NextPurchaseValue);
        Assert.Equal(60, saved.NextPurchaseValidDays);
        Assert.Equal(DiscountKind.Amount, saved.ApologyKind);
        Assert.Equal(550, saved.ApologyValue);
        Assert.Equal(7, saved.ApologyAfterDays);
        Assert.Equal("clerk@storefront.test", saved.UpdatedBy);
        var page = await Staff.Client.GetStringAsync("/Admin/Incentives");
        Assert.Contains("Incentives saved.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"5.5\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("150", "Percent", "7", "percentage must be between 1 and 100")]
    [InlineData("12.5", "Percent", "7", "percentage must be a whole number")]
    [InlineData("0", "Amount", "7", "amount must be more than zero")]
    [InlineData("10", "Percent", "-1", "must be between 0 and 365 days")]
    public async Task InvalidIncentives_AreRefusedWithAMessage_AndNothingIsSaved(string value, string kind, string apologyDays, string message)
    {
        var response = await Staff.PostAsync("/Admin/Incentives", Form(value, kind, apologyDays));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await SettingsAsync()).NextPurchaseEnabled);
    }

    [Fact]
    public async Task AnAnonymousVisitor_IsSentToSignIn()
    {
        using var visitor = new ShopperSession(App);
        var response = await visitor.Client.GetAsync("/Admin/Incentives");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AShopper_IsForbidden_AndCannotSave()
    {
        using var shopper = new ShopperSession(App);
        await shopper.SignInAsNewUserAsync(App, "shopper@example.com");
        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.Client.GetAsync("/Admin/Incentives")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.PostAsync("/Admin/Incentives", Form())).StatusCode);
        Assert.False((await SettingsAsync()).NextPurchaseEnabled);
    }

    [Fact]
    public async Task TheAdminMenu_LinksToIncentives()
    {
        var page = await Staff.Client.GetStringAsync("/Admin");
        Assert.Contains("href=\"/Admin/Incentives\"", page, StringComparison.Ordinal);
    }
}
