using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Storefront.Core.Notifications;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Browser;

/// <summary>A guest's checkout in the browser: product page, cart, address, backorder terms, the success card.</summary>
internal static partial class BrowserCheckout
{
    /// <summary>Buys <paramref name="quantity"/> of the product at <paramref name="slug"/> as a guest; returns the order number.</summary>
    public static async Task<string> GuestBuysAsync(IPage page, string slug, int quantity, string email = "guest@example.com")
    {
        await page.GotoAsync("/products/" + slug);
        await page.GetByLabel("Quantity", new() { Exact = true }).FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout", Exact = true }).ClickAsync();
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Full name", new() { Exact = true }).FillAsync("Grace Guest");
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync("2 Low Road");
        await page.GetByLabel("City", new() { Exact = true }).FillAsync("Shelbyville");
        await page.GetByLabel("Postal code", new() { Exact = true }).FillAsync("54321");
        await page.GetByLabel("Country", new() { Exact = true }).FillAsync("United States");
        await page.GetByLabel(AcceptLabel()).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "your order is confirmed" })).ToBeVisibleAsync();
        return (await page.Locator("#order-number").InnerTextAsync()).Trim();
    }

    /// <summary>
    /// A store on real Kestrel whose emails go to <paramref name="smtp"/>, links pointing at
    /// https://shop.example.com, and an outbox the test sends itself (<see cref="SendOutboxAsync"/>).
    /// </summary>
    public static Task<StorefrontFactory> StoreWithMailAsync(StorefrontHost host, SmtpTestServer smtp, DateTimeOffset now) =>
        host.AppForTestAsync(new StorefrontOptions
        {
            UseKestrel = true,
            Settings = new Dictionary<string, string?>
            {
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Store:BaseUrl"] = "https://shop.example.com",
                // The test sends the outbox itself.
                ["Outbox:PollInterval"] = "01:00:00",
            },
        }, new FakeTimeProvider(now));

    /// <summary>Sends everything waiting in the outbox, as the background sender would.</summary>
    public static async Task SendOutboxAsync(StorefrontFactory app)
    {
        await using var scope = app.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<OutboxSender>();
        while (await sender.SendBatchAsync("browser-test") > 0)
        {
        }
    }

    [GeneratedRegex(@"^\s*I accept that")]
    private static partial Regex AcceptLabel();

    [GeneratedRegex(@"^Pay \$")]
    private static partial Regex PayButton();
}
