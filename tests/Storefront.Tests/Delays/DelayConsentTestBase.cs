using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Storefront.Core.Catalog;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Orders.Delays;
using Storefront.Core.Payments;
using Storefront.Tests.Infrastructure;
using Storefront.Web.Checkout;

namespace Storefront.Tests.Delays;

/// <summary>
/// A shop on a fake clock (1 March 2027, 09:00 UTC, 2 handling days) with one backorderable product
/// whose only delivery (5 units) is due 11 March, so a backorder is promised 13 March. Orders are
/// placed and paid through checkout and the built-in test gateway, so cancellations refund for real.
/// </summary>
public abstract partial class DelayConsentTestBase(StorefrontHost host) : IAsyncLifetime
{
    protected static readonly DateOnly Today = new(2027, 3, 1);
    protected static readonly DateOnly Promised = Today.AddDays(12);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    protected StorefrontFactory App { get; private set; } = null!;
    protected ShopperSession Shopper { get; private set; } = null!;
    protected Product Desk { get; private set; } = null!;

    protected abstract Task<StorefrontOptions> OptionsAsync();

    public async Task InitializeAsync()
    {
        App = await host.AppForTestAsync(OptionsAsync, Clock);
        Shopper = new ShopperSession(App);
        Desk = await App.Data().Product("DELAY-1").Named("Walnut Desk").Priced(4000).OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(10), 5).SaveAsync();
    }

    public Task DisposeAsync()
    {
        Shopper?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Places and pays an order for <paramref name="units"/> desks; returns its number.</summary>
    protected async Task<string> PlaceAndPayAsync(int units = 1, ShopperSession? session = null)
    {
        session ??= Shopper;
        var placed = await session.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(Desk.Id, units)]);
        var paid = await session.PayAsync(placed, "4242424242424242");
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        var location = paid.Headers.Location!.ToString();
        return Uri.UnescapeDataString(location["/Checkout/Confirmation/".Length..].Split('?')[0]);
    }

    protected Task<int> DeliveryIdAsync() =>
        App.WithDbAsync(db => db.InboundDeliveries.Where(d => d.ProductId == Desk.Id && d.Status == DeliveryStatus.Scheduled).Select(d => d.Id).SingleAsync());

    /// <summary>Staff move the desk's delivery to a new date (the supplier said so).</summary>
    protected async Task RescheduleAsync(DateOnly expected)
    {
        var id = await DeliveryIdAsync();
        await using var scope = App.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<Deliveries>().EditAsync(id, new DeliveryInput(5, expected, "PO-DELAY"), "staff@example.test");
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
    }

    protected async Task CancelDeliveryAsync()
    {
        var id = await DeliveryIdAsync();
        await using var scope = App.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<Deliveries>().CancelAsync(id, "staff@example.test", "supplier dropped it");
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors));
    }

    protected Task<BackorderLine> LineAsync(string number) => App.WithDbAsync(db =>
        db.BackorderLines.AsNoTracking().Include(b => b.Events).SingleAsync(b => b.Order!.Number == number));

    protected Task<List<OutboxMessage>> MailAsync(string number, string? kind = null) => App.WithDbAsync(async db =>
    {
        var id = await db.Orders.Where(o => o.Number == number).Select(o => o.Id).SingleAsync();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.OrderId == id && (kind == null || m.Kind == kind)).OrderBy(m => m.Id).ToListAsync();
    });

    protected Task<List<Refund>> RefundsAsync(string number) => App.WithDbAsync(async db =>
    {
        var id = await db.Orders.Where(o => o.Number == number).Select(o => o.Id).SingleAsync();
        return await db.Refunds.AsNoTracking().Where(r => r.OrderId == id).ToListAsync();
    });

    protected async Task<int> SweepAsync()
    {
        await using var scope = App.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DelayConsent>().SweepAsync();
    }

    /// <summary>The path of the delay email's link for an answer, taken from the email as sent.</summary>
    protected static string LinkIn(OutboxMessage mail, DelayAnswer answer)
    {
        var label = answer == DelayAnswer.Keep ? "Keep my order" : "Cancel for a full refund";
        var match = Regex.Match(mail.TextBody, Regex.Escape(label) + @": (\S+)");
        Assert.True(match.Success, $"no \"{label}\" link in: {mail.TextBody}");
        var url = new Uri(match.Groups[1].Value);
        Assert.Contains("/Orders/", url.AbsolutePath, StringComparison.Ordinal);
        return url.PathAndQuery;
    }

    protected string OrderToken(string number) => App.Services.GetRequiredService<OrderAccess>().TokenFor(number);

    /// <summary>Opens the page at <paramref name="path"/> and posts its form whose action carries "a=<paramref name="answer"/>".</summary>
    protected static async Task<HttpResponseMessage> SubmitAnswerAsync(ShopperSession session, string path, string answer)
    {
        var page = await session.Client.GetStringAsync(path);
        var match = Regex.Match(page, "<form method=\"post\" action=\"([^\"]*a=" + answer + "[^\"]*)\"[^>]*>.*?name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"",
            RegexOptions.Singleline);
        Assert.True(match.Success, "no " + answer + " form on " + path);
        var action = WebUtility.HtmlDecode(match.Groups[1].Value);
        return await session.Client.PostAsync(action, new FormUrlEncodedContent([new("__RequestVerificationToken", match.Groups[2].Value)]));
    }

    protected static string Decode(string html) => WebUtility.HtmlDecode(html);
}
