using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Catalog;
using Storefront.Core.Inventory;

namespace Storefront.Tests.Admin;

/// <summary>
/// Every date staff enter is bounded (ADR 0013): a restock date or a delivery's expected date from
/// today to five years ahead, on every page that sets one. Reproduction: a restock date or delivery
/// typed as 9999-12-31 was saved, and every shopper was promised a backorder "by 31 December 9999".
/// </summary>
public sealed class DatesWithinTheWindow(StorefrontHost host) : AdminTestBase(host)
{
    private static readonly DateOnly LastDay = Today.AddYears(DateWindow.YearsAhead);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("2032-03-02")]
    public async Task TheRestockPage_RefusesADateBeyondFiveYears_AndChangesNoRow(string date)
    {
        var product = await Data.Product("WIN-1").OutOfStock().Backorderable().RestockExpected(Today.AddDays(9), "As planned").SaveAsync();

        var response = await Staff.PostAsync($"/Admin/Deliveries/Restock/{product.Id}",
            [new("Input.Date", date), new("Input.Note", "Typed in a hurry"), new("Input.Confirmed", "true")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("more than 5 years away", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await App.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == product.Id));
        Assert.Equal((Today.AddDays(9), "As planned", product.Version), (after.RestockDate!.Value, after.RestockNote!, after.Version));
    }

    [Fact]
    public async Task TheRestockPage_AcceptsTheLastDayOfTheWindow()
    {
        var product = await Data.Product("WIN-2").OutOfStock().Backorderable().SaveAsync();

        var response = await Staff.PostAsync($"/Admin/Deliveries/Restock/{product.Id}",
            [new("Input.Date", Iso(LastDay)), new("Input.Note", ""), new("Input.Confirmed", "true")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(LastDay, await App.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => p.RestockDate).SingleAsync()));
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("2032-03-02")]
    public async Task SchedulingADelivery_RefusesADateBeyondFiveYears_AndSavesNone(string date)
    {
        var product = await Data.Product("WIN-3").OutOfStock().Backorderable().SaveAsync();

        var response = await Staff.PostAsync("/Admin/Deliveries/Create",
            [new("Input.ProductId", product.Id.ToString(CultureInfo.InvariantCulture)), new("Input.Quantity", "5"),
             new("Input.ExpectedDate", date), new("Input.Confirmed", "true")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("more than 5 years away", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await App.WithDbAsync(db => db.InboundDeliveries.CountAsync()));
    }

    [Fact]
    public async Task EditingADelivery_RefusesADateBeyondFiveYears_AndKeepsItsDate()
    {
        var product = await Data.Product("WIN-4").OutOfStock().Backorderable().WithDelivery(Today.AddDays(4), 10).SaveAsync();
        var delivery = await App.WithDbAsync(db => db.InboundDeliveries.AsNoTracking().SingleAsync(d => d.ProductId == product.Id));

        var response = await Staff.PostAsync($"/Admin/Deliveries/Edit/{delivery.Id}",
            [new("Input.Quantity", "10"), new("Input.ExpectedDate", "9999-12-31"), new("Input.SupplierReference", ""), new("Input.Reason", "Typo"), new("Input.Confirmed", "true")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("more than 5 years away", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Today.AddDays(4), await App.WithDbAsync(db => db.InboundDeliveries.Where(d => d.Id == delivery.Id).Select(d => d.ExpectedDate).SingleAsync()));
    }

    [Fact]
    public void TheWindowIsOneRule_ForRestockDeliveryAndReleaseDates()
    {
        Assert.Null(DateWindow.CheckExpected("D", "The date", LastDay, Today));
        Assert.Equal(ValidationCodes.OutOfRange, DateWindow.CheckExpected("D", "The date", LastDay.AddDays(1), Today)!.Value.Code);
        Assert.Equal(ValidationCodes.InPast, DateWindow.CheckExpected("D", "The date", Today.AddDays(-1), Today)!.Value.Code);
        Assert.Null(DateWindow.CheckExpected("D", "The date", Today.AddDays(-1), Today, stored: Today.AddDays(-1)));
        Assert.Equal(ValidationCodes.OutOfRange, Assert.Single(RestockDateRules.Validate(DateOnly.MaxValue, null, Today)).Code);
        Assert.Null(DateWindow.CheckRelease("R", Today.AddYears(-DateWindow.YearsBack), Today));
        Assert.Equal(ValidationCodes.OutOfRange, DateWindow.CheckRelease("R", DateOnly.MinValue, Today)!.Value.Code);
        Assert.Equal(ValidationCodes.OutOfRange, DateWindow.CheckRelease("R", DateOnly.MaxValue, Today)!.Value.Code);
    }

    [Fact]
    public void TheServiceRefusesAFarDelivery_WhicheverPageOrCallerAsks()
    {
        using var scope = App.Services.CreateScope();
        var deliveries = scope.ServiceProvider.GetRequiredService<Deliveries>();
        Assert.Contains(deliveries.Validate(new DeliveryInput(5, DateOnly.MaxValue, null)), e => e.Contains("more than 5 years away", StringComparison.Ordinal));
        Assert.Empty(deliveries.Validate(new DeliveryInput(5, LastDay, null)));
    }
}
