using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Identity;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Tests.Checkout;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Orders;

/// <summary>
/// A pre-order is labelled "Pre-order — released {date}" in the cart, the checkout consent, the
/// confirmation, the order page, every email and Admin; before, everything after the product page
/// called it a backorder ("2 on backorder", "2 backordered until …", "Cancel backorder").
/// </summary>
public sealed partial class PreOrdersStayPreOrders(StorefrontHost host) : CheckoutTestBase(host)
{
    private const string Label = "Pre-order — released 11 March 2027";

    private static string Html(string html) => WebUtility.HtmlDecode(html);

    /// <summary>Released in 10 days; the first units come with a delivery in 3 days, so they ship on release day.</summary>
    private Task<Storefront.Core.Catalog.Product> StarAtlasAsync() =>
        Data.Product("PRE-1").Named("Star Atlas").Priced(3000).OutOfStock().Backorderable()
            .ReleasedOn(Today.AddDays(10)).WithDelivery(Today.AddDays(3), 20).SaveAsync();

    private static void NeverBackorder(string text)
    {
        Assert.Contains(Label, text, StringComparison.Ordinal);
        Assert.DoesNotContain("backorder", text, StringComparison.OrdinalIgnoreCase);
    }

    private Task<OutboxMessage> EmailAsync(string kind) =>
        App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Kind == kind));

    [Fact]
    public async Task CartCheckoutConfirmationOrderPageAndConfirmationEmail_LabelAPreOrderAsOne()
    {
        var atlas = await StarAtlasAsync();
        var added = await Shopper.AddToCartAsync(atlas.Id.ToString(CultureInfo.InvariantCulture), "2");
        var cart = Html(await Shopper.Client.GetStringAsync(added.Headers.Location!));
        Assert.Contains("Added 2 × Star Atlas to your cart. " + Label + ".", cart, StringComparison.Ordinal);
        Assert.Matches("<span class=\"badge text-bg-info[^\"]* pre-order\">" + Regex.Escape(Label) + "</span>", cart);
        Assert.DoesNotContain("on backorder", cart, StringComparison.Ordinal);

        var checkout = Regex.Replace(Html(await Shopper.Client.GetStringAsync("/Checkout")), @"\s+", " ");
        Assert.Contains("I accept that 2 × Star Atlas will ship as a pre-order (" + Label + ")", checkout, StringComparison.Ordinal);
        Assert.DoesNotContain("on backorder", checkout, StringComparison.Ordinal);

        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(atlas.Id, 2)]);
        // The payment page said "(2 on backorder — ships by …)".
        var payPage = Html(await Shopper.Client.GetStringAsync(placed.Headers.Location!));
        Assert.Contains("(" + Label, payPage, StringComparison.Ordinal);
        Assert.DoesNotContain("on backorder", payPage, StringComparison.Ordinal); // (the shop's footer explains backorders in general)
        var paid = await Shopper.PayAsync(placed, "4242424242424242");
        var confirmation = Html(await Shopper.Client.GetStringAsync(paid.Headers.Location!));
        Assert.Contains(Label + " (2 units)", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("backordered", confirmation, StringComparison.Ordinal);

        var track = Regex.Match(confirmation, "id=\"track-order\" href=\"([^\"]+)\"").Groups[1].Value;
        var orderPage = Html(await Shopper.Client.GetStringAsync(track));
        Assert.Contains(Label + " (2 units)", orderPage, StringComparison.Ordinal);
        Assert.Contains("Cancel pre-order", orderPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel backorder", orderPage, StringComparison.Ordinal);
        Assert.DoesNotContain("backordered —", orderPage, StringComparison.Ordinal);

        var email = await EmailAsync(MessageKinds.OrderConfirmed);
        NeverBackorder(email.TextBody);
        NeverBackorder(Html(email.HtmlBody));
    }

    [Fact]
    public async Task APreOrderOnTheShelf_IsStillAPreOrder_NotShipNow()
    {
        // Units on the shelf before release day are allocated, but they leave on release day.
        var atlas = await Data.Product("PRE-2").Named("Star Atlas").Priced(3000).OnHand(10).ReleasedOn(Today.AddDays(10)).SaveAsync();
        var added = await Shopper.AddToCartAsync(atlas.Id.ToString(CultureInfo.InvariantCulture), "1");
        var cart = Html(await Shopper.Client.GetStringAsync(added.Headers.Location!));
        Assert.Contains(Label, cart, StringComparison.Ordinal);
        Assert.DoesNotContain("ship now", cart, StringComparison.Ordinal);

        var placed = await Shopper.PlaceOrderAsync(Guid.NewGuid().ToString("N"), [(atlas.Id, 1)], acceptBackorder: false);
        var paid = await Shopper.PayAsync(placed, "4242424242424242");
        var confirmation = Html(await Shopper.Client.GetStringAsync(paid.Headers.Location!));

        Assert.Contains(Label + " (1 unit)", confirmation, StringComparison.Ordinal);
        Assert.Contains("Your order ships in one parcel by 11 March 2027.", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("ships now", confirmation, StringComparison.Ordinal);
        NeverBackorder((await EmailAsync(MessageKinds.OrderConfirmed)).TextBody);
    }

    [Fact]
    public async Task EtaChangedFilledAndShippedEmails_CallAPreOrderAPreOrder()
    {
        var atlas = await StarAtlasAsync();
        var order = await OrderScenario.PlacePaidAsync(App, (atlas.Id, 2));
        var delivery = await App.WithDbAsync(db => db.InboundDeliveries.AsNoTracking().SingleAsync());

        // The delivery slips past release day: the pre-order now ships by 23 March (21 March + 2 handling days).
        await using (var scope = App.CreateScope())
        {
            var edit = await scope.ServiceProvider.GetRequiredService<Deliveries>().EditAsync(delivery.Id, new DeliveryInput(20, Today.AddDays(20), null), "buyer");
            Assert.True(edit.Succeeded, string.Join("; ", edit.Errors));
        }
        var moved = await EmailAsync(MessageKinds.EtaChanged);
        NeverBackorder(moved.TextBody);
        Assert.Contains("Your pre-ordered items will ship later than we said", moved.TextBody, StringComparison.Ordinal);
        Assert.Contains("now 23 March 2027", moved.TextBody, StringComparison.Ordinal);

        await OrderScenario.ReceiveAsync(App, atlas.Id, 2);
        var filled = await EmailAsync(MessageKinds.BackorderFilled);
        NeverBackorder(filled.TextBody);
        NeverBackorder(filled.Subject.Replace("pre-ordered", Label, StringComparison.Ordinal));
        Assert.Contains("arrived, ships on release day", filled.TextBody, StringComparison.Ordinal);

        // On the shelf before release day it still may not ship (reproduction: staff shipped one on 1 Dec, released 15 Dec).
        var early = await OrderScenario.ShipAsync(App, order.Id, overrideReason: "customer asked");
        Assert.Equal(Storefront.Core.Shipping.ShipOutcome.Invalid, early.Outcome);
        Assert.Contains("is a pre-order released", string.Join(" ", early.Errors), StringComparison.Ordinal);
        Clock.Advance(TimeSpan.FromDays(10));

        Assert.Equal(Storefront.Core.Shipping.ShipOutcome.Shipped, (await OrderScenario.ShipAsync(App, order.Id)).Outcome);
        var shipped = await EmailAsync(MessageKinds.Shipped);
        Assert.DoesNotContain("backorder", shipped.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AdminOrderDetailsAndTheBackordersQueue_LabelAPreOrderAsOne()
    {
        var atlas = await StarAtlasAsync();
        var order = await OrderScenario.PlacePaidAsync(App, (atlas.Id, 2));
        using var staff = new ShopperSession(App);
        await staff.SignInAsNewUserAsync(App, "clerk@storefront.test", Roles.Staff);

        var details = Html(await staff.Client.GetStringAsync($"/Admin/Orders/Details/{order.Number}"));
        Assert.Contains("<span class=\"badge text-bg-info pre-order\">" + Label + "</span>", details, StringComparison.Ordinal);
        // (The amount is what the payment still holds; this order was marked paid without a payment row.)
        Assert.Contains("Cancel pre-order and refund $", details, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel backorder", details, StringComparison.Ordinal);

        var queue = Html(await staff.Client.GetStringAsync("/Admin/Backorders"));
        Assert.Contains("<span class=\"badge text-bg-info ms-1 pre-order\">" + Label + "</span>", queue, StringComparison.Ordinal);
        // "1 open line(s), 2 units" before; "1 units" for a single unit.
        Assert.Contains("1 open line, 2 units", queue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MovingTheReleaseDay_MovesTheLabelOfPreOrdersNotYetShipped()
    {
        var atlas = await Data.Product("PRE-3").Named("Star Atlas").OnHand(5).ReleasedOn(Today.AddDays(10)).SaveAsync();
        var order = await OrderScenario.PlacePaidAsync(App, (atlas.Id, 1));
        Assert.Equal(Today.AddDays(10), order.Lines[0].ReleaseDate);

        await using (var scope = App.CreateScope())
        {
            var editing = scope.ServiceProvider.GetRequiredService<Storefront.Core.Catalog.ProductEditing>();
            var draft = Storefront.Core.Catalog.ProductDraft.From(await App.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == atlas.Id)));
            var saved = await editing.UpdateAsync(atlas.Id, draft with { ReleaseDate = Today.AddDays(15) }, "staff@example.test");
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => e.Message)));
        }

        Assert.Equal(Today.AddDays(15), (await OrderScenario.LoadAsync(App, order.Id)).Lines[0].ReleaseDate);
    }
}
