using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Browser;

/// <summary>
/// The Content-Security-Policy allows no inline script or style. In a real Chromium, the main pages —
/// product, cart, checkout, payment, the Admin stock, deliveries, order and email pages — are served
/// with it, log no violation (Chromium reports each one as a console error), and their scripts still
/// work: the quantity hint, the shipping choice, the Admin "are you sure?" before a refund.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class NoContentSecurityViolations(BrowserFixture browser, StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private static readonly DateOnly Today = new(2027, 3, 1);
    private StorefrontFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions { UseKestrel = true },
            new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero)));

    public Task DisposeAsync() => Task.CompletedTask;

    [BrowserFact]
    public async Task ShopAndAdminPages_RunTheirScriptsUnderThePolicy_WithoutAViolation()
    {
        var data = _app.Data();
        var pot = await data.Product("CSP-1").Named("Copper pot", slug: "copper-pot").Priced(3000).OnHand(2).Backorderable()
            .WithDelivery(Today.AddDays(12), 10).SaveAsync();
        await CreateStaffAsync("csp-staff@example.com", "Staff-Pass-123!");
        var page = await browser.NewPageAsync(_app.ServerAddress);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"{page.Url}: {error}");
        var policies = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "document")
            {
                policies.Add(response.Headers.TryGetValue("content-security-policy", out var csp) ? csp : $"(none on {response.Url})");
            }
        };

        // Product page: the quantity hint (site.js) says how 3 units split.
        await page.GotoAsync("/");
        await page.GotoAsync("/products/copper-pot");
        var hint = page.Locator("#quantity-split");
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync("3");
        await Assertions.Expect(hint).ToContainTextAsync("backorder");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(CartUrl());

        // Checkout: choosing split shipping updates the summary (checkout.js): $5.99 + $5.99.
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#shipping-amount")).ToHaveTextAsync("$5.99");
        await page.Locator("input[name='Input.Shipping'][value='Split']").CheckAsync();
        await Assertions.Expect(page.Locator("#shipping-amount")).ToHaveTextAsync("$11.98");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("ada@example.com");
        await page.GetByLabel("Full name", new() { Exact = true }).FillAsync("Ada Shopper");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("1 High Street");
        await page.GetByLabel("City", new() { Exact = true }).FillAsync("Springfield");
        await page.GetByLabel("Postal code", new() { Exact = true }).FillAsync("12345");
        await page.GetByLabel("Country", new() { Exact = true }).FillAsync("United States");
        await page.Locator("input[name='Input.AcceptBackorder'][type='checkbox']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "your order is confirmed" })).ToBeVisibleAsync();
        var number = (await page.Locator("#order-number").InnerTextAsync()).Trim();

        // Admin: sign in, then stock, deliveries, the dashboard's charts, the order and its email.
        await page.GotoAsync($"/Admin/Products/Stock/{pot.Id}");
        await page.GetByLabel("Email").FillAsync("csp-staff@example.com");
        await page.GetByLabel("Password").FillAsync("Staff-Pass-123!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/Admin/Products/Stock/{pot.Id}$"));
        await page.GotoAsync("/Admin/Deliveries");
        await page.GotoAsync("/Admin");

        // The refund button asks first (admin.js); dismissing it sends nothing.
        await page.GotoAsync($"/Admin/Orders/Details/{number}");
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.DismissAsync();
        };
        await page.GetByRole(AriaRole.Button, new() { NameRegex = CancelButton() }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = CancelButton() })).ToBeVisibleAsync();
        Assert.NotNull(asked);
        Assert.Contains("refund", asked, StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithDbAsync(db => db.BackorderLines.SumAsync(b => b.CancelledQuantity)));

        var emailId = await _app.WithDbAsync(db => db.OutboxMessages.OrderBy(m => m.Id).Select(m => m.Id).FirstAsync());
        await page.GotoAsync($"/Admin/Outbox/Message/{emailId}");
        await Assertions.Expect(page.FrameLocator("iframe").Locator("body")).ToContainTextAsync(number);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.NotEmpty(policies);
        Assert.All(policies, p => Assert.Contains("script-src 'self'", p, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    private async Task CreateStaffAsync(string email, string password)
    {
        await using var scope = _app.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        await roles.CreateAsync(new IdentityRole(Roles.Admin));
        var staff = new StorefrontUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(staff, password)).Succeeded);
        await users.AddToRoleAsync(staff, Roles.Admin);
    }

    [GeneratedRegex(@"/Cart$")]
    private static partial Regex CartUrl();

    [GeneratedRegex("^Pay ")]
    private static partial Regex PayButton();

    [GeneratedRegex("^Cancel backorder and refund")]
    private static partial Regex CancelButton();
}
