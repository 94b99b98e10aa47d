using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Etas;
using Storefront.Core.Identity;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;
using Storefront.Web.Checkout;

namespace Storefront.Tests.Notifications;

/// <summary>
/// What customers read about a moved ETA is written for customers: the order page, the ETA emails and
/// the feed never carry the purchase order, the delivery id, the staff note or who made the change
/// (they showed "Delivery #11 (PO-2026-0420) changed (date …): Supplier delayed the container" and
/// "Stock adjusted: …" with the note). Admin still shows all of it.
/// </summary>
public sealed class CustomersReadNoStaffDetail(StorefrontHost host) : NotificationTestBase(host)
{
    private const string PurchaseOrder = "PO-2026-0420";
    private const string StaffNote = "Supplier delayed the container";
    private const string Buyer = "buyer.jim@example.test";

    private static readonly string[] StaffOnly = [PurchaseOrder, StaffNote, "Delivery #", "Stock adjusted", Buyer, "buyer.jim"];

    [Fact]
    public async Task ADelayedDelivery_CustomersReadTheSupplierIsLate_AdminReadsThePurchaseOrderTheNoteAndWho()
    {
        var kettle = await Data.Product("NOTE-1").Named("Copper Kettle").OutOfStock().Backorderable().SaveAsync();
        var created = await WithAsync(sp => sp.GetRequiredService<Deliveries>().CreateAsync(kettle.Id, new DeliveryInput(10, Today.AddDays(10), PurchaseOrder), Buyer));
        var order = await PlacePaidAsync("ada@example.com", (kettle.Id, 2));

        var edited = await WithAsync(sp => sp.GetRequiredService<Deliveries>().EditAsync(created.Delivery!.Id,
            new DeliveryInput(10, Today.AddDays(30), PurchaseOrder), Buyer, StaffNote));
        Assert.True(edited.Succeeded, string.Join("; ", edited.Errors));

        var change = await App.WithDbAsync(db => db.EtaChanges.AsNoTracking().SingleAsync());
        Assert.Equal(EtaChangeKind.DeliveryRescheduled, change.Kind);
        Assert.Contains(PurchaseOrder, change.Reason, StringComparison.Ordinal);

        var page = await CustomerOrderPageAsync(order.Number);
        Assert.Contains("Our supplier's shipment is running late", page, StringComparison.Ordinal);
        AssertSaysNoStaffDetail(page);

        var mail = Assert.Single(await DeliveredAsync(expected: 1));
        AssertBothSay(mail, "Our supplier's shipment is running late");
        foreach (var body in Bodies(mail).Append(mail.Subject ?? ""))
        {
            AssertSaysNoStaffDetail(body);
        }

        using var visitor = new ShopperSession(App);
        AssertSaysNoStaffDetail(await visitor.Client.GetStringAsync("/api/products"));

        var admin = await AdminOrderPageAsync(order.Number);
        Assert.Contains(PurchaseOrder, admin, StringComparison.Ordinal);
        Assert.Contains(StaffNote, admin, StringComparison.Ordinal);
        Assert.Contains($"Delivery #{created.Delivery!.Id}", admin, StringComparison.Ordinal);
        Assert.Contains(Buyer, admin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStockAdjustment_CustomersBehindReadMoreStockBecameAvailable_NotTheAdjustmentNote()
    {
        // One unit comes with the delivery (ships day 12), the next with the restock date (day 42).
        var mug = await Data.Product("NOTE-2").Named("Stone Mug").OutOfStock().Backorderable()
            .WithDelivery(Today.AddDays(10), 1).RestockExpected(Today.AddDays(40)).SaveAsync();
        await PlacePaidAsync("first@example.com", (mug.Id, 1));
        var behind = await PlacePaidAsync("behind@example.com", (mug.Id, 1));

        var adjusted = await WithAsync(sp => sp.GetRequiredService<StockAdjustments>().AdjustAsync(mug.Id, 1, "Found behind pallet 4, counted by Jim", Buyer));
        Assert.True(adjusted.Succeeded, adjusted.Error);

        var change = await App.WithDbAsync(db => db.EtaChanges.AsNoTracking().SingleAsync());
        Assert.Equal((EtaChangeKind.StockAdjusted, Today.AddDays(42), Today.AddDays(12)), (change.Kind, change.OldEta, change.NewEta));
        var page = await CustomerOrderPageAsync(behind.Number);
        Assert.Contains("More stock became available", page, StringComparison.Ordinal);
        Assert.DoesNotContain("pallet", page, StringComparison.OrdinalIgnoreCase);
        AssertSaysNoStaffDetail(page);
        var mail = (await DeliveredAsync()).Single(m => To(m) == "behind@example.com" && (m.Subject ?? "").Contains("sooner", StringComparison.Ordinal));
        AssertBothSay(mail, "More stock became available");
        foreach (var body in Bodies(mail))
        {
            Assert.DoesNotContain("pallet", body, StringComparison.OrdinalIgnoreCase);
            AssertSaysNoStaffDetail(body);
        }

        var admin = await AdminOrderPageAsync(behind.Number);
        Assert.Contains("Stock adjusted: Found behind pallet 4, counted by Jim", admin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARowRecordedBeforeKindsExisted_ReadsAPlainSentenceForCustomers()
    {
        var kettle = await Data.Product("NOTE-3").Named("Copper Kettle").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 5).SaveAsync();
        var order = await PlacePaidAsync("ada@example.com", (kettle.Id, 1));
        await App.WithDbAsync(async db =>
        {
            var line = await db.BackorderLines.SingleAsync(b => b.OrderId == order.Id);
            db.EtaChanges.Add(new EtaChange
            {
                BackorderLineId = line.Id, OldEta = Today.AddDays(5), NewEta = line.CurrentEta, ChangedAt = DateTime.UtcNow,
                Kind = EtaChangeKind.Unspecified, ChangedBy = Buyer, Reason = $"Call with {PurchaseOrder}: {StaffNote}",
            });
            await db.SaveChangesAsync();
        });

        var page = await CustomerOrderPageAsync(order.Number);

        Assert.Contains("The expected date moved later", page, StringComparison.Ordinal);
        AssertSaysNoStaffDetail(page);
    }

    private static void AssertSaysNoStaffDetail(string text)
    {
        foreach (var detail in StaffOnly)
        {
            Assert.DoesNotContain(detail, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task<string> CustomerOrderPageAsync(string number)
    {
        var token = App.Services.GetRequiredService<OrderAccess>().TokenFor(number);
        using var guest = new ShopperSession(App);
        var response = await guest.Client.GetAsync($"/Orders/{Uri.EscapeDataString(number)}?t={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("eta-change", html, StringComparison.Ordinal);
        return WebUtility.HtmlDecode(html);
    }

    private async Task<string> AdminOrderPageAsync(string number)
    {
        using var staff = new ShopperSession(App);
        await staff.SignInAsNewUserAsync(App, "manager@example.test", Roles.Staff);
        var response = await staff.Client.GetAsync($"/Admin/Orders/Details/{Uri.EscapeDataString(number)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
