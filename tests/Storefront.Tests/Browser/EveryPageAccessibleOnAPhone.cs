using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Browser;

/// <summary>
/// Every shopper and Admin page, with the data a real shop has (a cart with a backorder line, a paid
/// order, a delivery, an email in the outbox), at a desktop width (1280 px) and a phone's (390×844):
/// axe finds no serious or critical accessibility violation, and no page scrolls sideways.
/// Set STOREFRONT_SCREENSHOTS to a folder to keep a screenshot of each page at each size.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class EveryPageAccessibleOnAPhone(BrowserFixture browser, StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private static readonly DateOnly Today = new(2027, 3, 1);
    private static readonly (int Width, int Height)[] Sizes = [(1280, 900), (390, 844)];
    private StorefrontFactory _app = null!;
    private readonly List<string> _problems = [];

    public async Task InitializeAsync() =>
        _app = await host.AppForTestAsync(new StorefrontOptions { UseKestrel = true },
            new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero)));

    public Task DisposeAsync() => Task.CompletedTask;

    [BrowserFact]
    public async Task ShopperPages_HaveNoSeriousAxeViolation_AndNoSidewaysScroll()
    {
        var data = _app.Data();
        var kitchen = await data.CategoryAsync("Kitchen", "kitchen");
        await data.Product("A11Y-LAMP").Named("Brass desk lamp with a rather long name for a phone", "brass-desk-lamp").InCategory(kitchen).Priced(2500).InStock(20).SaveAsync();
        await data.Product("A11Y-BENCH").Named("Oak bench", "oak-bench").InCategory(kitchen).Priced(14000).OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(12), 5).SaveAsync();
        await data.Product("A11Y-LOW").Named("Tin cup", "tin-cup").InCategory(kitchen).InStock(2).SaveAsync();
        await data.Product("A11Y-PRE").Named("Copper kettle", "copper-kettle").InCategory(kitchen).InStock(10).ReleasedOn(Today.AddDays(20)).SaveAsync();
        await data.Product("A11Y-OUT").Named("Glass jar", "glass-jar").InCategory(kitchen).OutOfStock().RestockExpected(Today.AddDays(30)).SaveAsync();
        await data.Product("A11Y-GONE").Named("Old jug", "old-jug").InCategory(kitchen).OutOfStock().Discontinued().SaveAsync();
        await CreateUserAsync("ada@example.com", "Shopper-Pass-123!", role: null);

        var shopper = await browser.NewPageAsync(_app.ServerAddress);
        foreach (var url in new[]
        {
            "/", "/?category=kitchen", "/?q=oak", "/products/brass-desk-lamp", "/products/oak-bench", "/products/tin-cup",
            "/products/copper-kettle", "/products/glass-jar", "/products/old-jug", "/products/no-such-product", "/Cart",
            "/Orders/Find", "/Identity/Account/Login", "/Identity/Account/Register", "/Identity/Account/ForgotPassword",
            "/Identity/Account/ResetPassword?code=abc", "/Identity/Account/ForgotPasswordConfirmation", "/Identity/Account/RegisterConfirmation",
            "/Identity/Account/ResetPasswordConfirmation",
        })
        {
            await VisitAsync(shopper, url);
        }

        // A cart with a line in stock and a backordered one, checkout (with its errors shown), payment, confirmation.
        await AddToCartAsync(shopper, "/products/brass-desk-lamp", 2);
        await AddToCartAsync(shopper, "/products/oak-bench", 1);
        await CheckAsync(shopper, "cart with a backorder line");
        await shopper.GetByRole(AriaRole.Link, new() { Name = "Checkout", Exact = true }).ClickAsync();
        await Assertions.Expect(shopper.GetByRole(AriaRole.Heading, new() { Name = "Checkout" })).ToBeVisibleAsync();
        await CheckAsync(shopper, "checkout");
        await shopper.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await CheckAsync(shopper, "checkout with every error");
        await shopper.GetByLabel("Email", new() { Exact = true }).FillAsync("ada@example.com");
        await shopper.GetByLabel("Full name", new() { Exact = true }).FillAsync("Ada Shopper");
        await shopper.GetByLabel("Address", new() { Exact = true }).FillAsync("1 High Street");
        await shopper.GetByLabel("City", new() { Exact = true }).FillAsync("Springfield");
        await shopper.GetByLabel("Postal code", new() { Exact = true }).FillAsync("12345");
        await shopper.GetByLabel("Country", new() { Exact = true }).FillAsync("United States");
        await shopper.GetByLabel(AcceptLabel()).CheckAsync();
        await shopper.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(shopper.GetByLabel("Card number")).ToBeVisibleAsync();
        await CheckAsync(shopper, "payment");
        await shopper.GetByLabel("Card number").FillAsync("4000 0000 0000 0002");
        await shopper.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();
        await Assertions.Expect(shopper.Locator("#payment-declined")).ToBeVisibleAsync();
        await CheckAsync(shopper, "payment declined");
        await shopper.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await shopper.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();
        await Assertions.Expect(shopper.Locator("#order-number")).ToBeVisibleAsync();
        var number = (await shopper.Locator("#order-number").InnerTextAsync()).Trim();
        await CheckAsync(shopper, "confirmation");
        await shopper.Locator("#track-order").ClickAsync();
        await CheckAsync(shopper, "order page");
        await shopper.GetByRole(AriaRole.Link, new() { NameRegex = CancelBackorder() }).First.ClickAsync();
        await CheckAsync(shopper, "cancel a backorder");
        await VisitAsync(shopper, "/Orders/Find");
        await shopper.GetByLabel("Email address").FillAsync("ada@example.com");
        await shopper.GetByLabel("Order number").FillAsync(number);
        await shopper.GetByRole(AriaRole.Button, new() { Name = "Email me the link" }).ClickAsync();
        await CheckAsync(shopper, "find my order, answered");

        // Signed in: the order list and account pages.
        await SignInAsync(shopper, "ada@example.com", "Shopper-Pass-123!");
        foreach (var url in new[] { "/Orders", "/Identity/Account/Manage", "/Identity/Account/Manage/Email", "/Identity/Account/Manage/ChangePassword" })
        {
            await VisitAsync(shopper, url);
        }
        await shopper.Context.CloseAsync();

        Assert.True(_problems.Count == 0, string.Join("\n", _problems));
    }

    [BrowserFact]
    public async Task AdminPages_HaveNoSeriousAxeViolation_AtDesktopOrPhoneSize()
    {
        var data = _app.Data();
        var lamp = await data.Product("A11Y-LAMP").Named("Brass desk lamp", "brass-desk-lamp").Priced(2500).InStock(20).Allocated(2).SaveAsync();
        var bench = await data.Product("A11Y-BENCH").Named("Oak bench", "oak-bench").Priced(14000).OutOfStock().Backorderable().Backordered(2)
            .WithDelivery(Today.AddDays(12), 5).SaveAsync();
        await data.Product("A11Y-LOW").Named("Tin cup", "tin-cup").InStock(2).SaveAsync();
        await CreateUserAsync("staff@example.com", "Staff-Pass-123!", Roles.Staff);
        await using (var scope = _app.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<Storefront.Core.Notifications.Outbox>().Enqueue(
                Storefront.Core.Notifications.MessageKinds.OrderConfirmed, "ada@example.com",
                new Storefront.Core.Notifications.MailContent("Your order", "<p>Thank you for your order.</p>", "Thank you for your order."));
            await scope.ServiceProvider.GetRequiredService<Storefront.Core.Data.StorefrontDbContext>().SaveChangesAsync();
        }
        var number = await _app.WithDbAsync(db => db.BackorderLines.Where(b => b.ProductId == bench.Id).Select(b => b.Order!.Number).FirstAsync());

        // Staff: every Admin page, with the ids the data above made.
        var (deliveryId, messageId) = await _app.WithDbAsync(async db => (
            await db.InboundDeliveries.Where(d => d.ProductId == bench.Id).Select(d => d.Id).FirstAsync(),
            await db.OutboxMessages.OrderBy(m => m.Id).Select(m => m.Id).FirstAsync()));
        var staff = await browser.NewPageAsync(_app.ServerAddress);
        await SignInAsync(staff, "staff@example.com", "Staff-Pass-123!");
        foreach (var url in new[]
        {
            "/Admin", "/Admin/Products", "/Admin/Products/Create", $"/Admin/Products/Edit/{bench.Id}", $"/Admin/Products/Stock/{bench.Id}",
            $"/Admin/Products/Stock/{lamp.Id}", "/Admin/Deliveries", "/Admin/Deliveries/Create", $"/Admin/Deliveries/Edit/{deliveryId}",
            $"/Admin/Deliveries/Receive/{deliveryId}", $"/Admin/Deliveries/Cancel/{deliveryId}", $"/Admin/Deliveries/Restock/{bench.Id}",
            "/Admin/Backorders", "/Admin/Orders", $"/Admin/Orders/Details/{number}", "/Admin/Refunds", "/Admin/Incentives", "/Admin/Outbox",
            $"/Admin/Outbox/Message/{messageId}", "/Admin/Outbox/Pickup", "/Admin/ApiKeys", "/Admin/Products/Import",
            "/Admin/Suppliers", "/Admin/Suppliers/Edit", "/Admin/Replenishment", "/Admin/Replenishment/Settings", "/Admin/PurchaseOrders",
            "/Admin/Shipping",
        })
        {
            await VisitAsync(staff, url);
        }
        await staff.Context.CloseAsync();

        Assert.True(_problems.Count == 0, string.Join("\n", _problems));
    }

    private async Task VisitAsync(IPage page, string url, bool sideways = true)
    {
        await page.GotoAsync(url);
        await CheckAsync(page, url, sideways);
    }

    /// <summary>At each size: axe's serious and critical violations, and any sideways scroll, recorded with the page's name.</summary>
    /// <param name="sideways">
    /// Whether a sideways scroll counts. It does on every page: tables wider than a phone scroll inside
    /// their own box, never the page.
    /// </param>
    private async Task CheckAsync(IPage page, string name, bool sideways = true)
    {
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            // The Outbox shows an email in a sandboxed frame: the email is not a page of the store.
            var result = await page.RunAxe(new AxeRunOptions { Iframes = false }).WaitAsync(TimeSpan.FromMinutes(2));
            foreach (var v in result.Violations.Where(v => v.Impact is "serious" or "critical"))
            {
                _problems.Add($"{name} at {width} px: {v.Impact} {v.Id} ({v.Help}) on {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
            }
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (sideways && overflow > 0)
            {
                var widest = await page.EvaluateAsync<string>("""
                    () => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                        .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')).join(', ')
                    """);
                _problems.Add($"{name} at {width} px scrolls sideways by {overflow} px: {widest}");
            }
            if (Environment.GetEnvironmentVariable("STOREFRONT_SCREENSHOTS") is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
                var file = Regex.Replace(name, "[^A-Za-z0-9]+", "-").Trim('-');
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{(file.Length == 0 ? "home" : file)}-{width}.png"), FullPage = true });
            }
        }
    }

    private static async Task AddToCartAsync(IPage page, string product, int quantity)
    {
        await page.GotoAsync(product);
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(CartUrl());
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).Or(page.GetByText(email)).First).ToBeAttachedAsync();
    }

    private async Task CreateUserAsync(string email, string password, string? role)
    {
        await using var scope = _app.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StorefrontUser>>();
        var user = new StorefrontUser { UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        if (role is not null)
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
            await users.AddToRoleAsync(user, role);
        }
    }

    [GeneratedRegex(@"/Cart$")]
    private static partial Regex CartUrl();

    [GeneratedRegex(@"^\s*I accept that")]
    private static partial Regex AcceptLabel();

    [GeneratedRegex(@"^Pay \$")]
    private static partial Regex PayButton();

    [GeneratedRegex(@"^Cancel (backorder|pre-order)")]
    private static partial Regex CancelBackorder();
}
