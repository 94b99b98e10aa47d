using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Checkout;
using Storefront.Core.Etas;
using Storefront.Core.Incentives;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;

namespace Storefront.Tests.Incentives;

/// <summary>An ETA that slips more than N days past the promised date earns its line one apology code and one email.</summary>
public sealed class ApologyCodesOnEtaSlips(StorefrontHost host) : IncentivesTestBase(host)
{
    private async Task<(int ProductId, Order Order)> PaidBackorderAsync()
    {
        // Restock in 10 days + 2 handling days: promised 13 March 2027.
        var product = await Data.Product("SLIP").Named("Oak bench").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        await using var scope = App.CreateScope();
        var placed = await scope.ServiceProvider.GetRequiredService<OrderPlacement>().PlaceAsync(new PlaceOrderRequest(
            Guid.NewGuid().ToString("N"), "Waiting@Example.com", null,
            new ShippingAddress("Ada", "1 Road", null, "Town", "12345", "US"), [new OrderLineRequest(product.Id, 1)], true));
        Assert.Equal(PlaceOrderOutcome.Placed, placed.Outcome);
        Assert.True(await scope.ServiceProvider.GetRequiredService<OrderHolds>().ConfirmPaidAsync(placed.Order!.Id));
        return (product.Id, placed.Order);
    }

    private async Task MoveRestockAsync(int productId, int daysFromToday)
    {
        await using var scope = App.CreateScope();
        Assert.Equal(RestockResult.Saved, (await scope.ServiceProvider.GetRequiredService<Deliveries>()
            .SetRestockDateAsync(productId, Today.AddDays(daysFromToday), "Supplier delay", "buyer")).Result);
    }

    private Task<List<IncentiveCode>> CodesAsync() => App.WithDbAsync(db => db.Set<IncentiveCode>().AsNoTracking().ToListAsync());

    private Task<List<Storefront.Core.Notifications.OutboxMessage>> ApologiesAsync() =>
        App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Kind == "EtaApology").ToListAsync());

    [Fact]
    public async Task ASlipOfMoreThanNDays_IssuesOneCodeAndOneEmail_AndFurtherSlipsIssueNoMore()
    {
        await SetIncentivesAsync(s => { s.ApologyEnabled = true; s.ApologyAfterDays = 5; s.ApologyKind = DiscountKind.Amount; s.ApologyValue = 700; s.ApologyValidDays = 30; });
        var (productId, order) = await PaidBackorderAsync();

        await MoveRestockAsync(productId, 16);
        await MoveRestockAsync(productId, 25);
        await MoveRestockAsync(productId, 12);
        await MoveRestockAsync(productId, 30);

        var code = Assert.Single(await CodesAsync());
        Assert.Equal(IncentiveReason.Apology, code.Reason);
        Assert.Equal("waiting@example.com", code.Email);
        Assert.Equal(700, code.Value);
        Assert.Equal(order.Id, code.SourceOrderId);
        var email = Assert.Single(await ApologiesAsync());
        Assert.Equal("Waiting@Example.com", email.Recipient);
        Assert.Contains(IncentiveCodes.Format(code.Code), email.TextBody, StringComparison.Ordinal);
        Assert.Contains("$7.00 off", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Oak bench", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("13 March 2027", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlipOfNDaysOrLess_IssuesNothing()
    {
        await SetIncentivesAsync(s => { s.ApologyEnabled = true; s.ApologyAfterDays = 5; });
        var (productId, _) = await PaidBackorderAsync();

        await MoveRestockAsync(productId, 15);

        Assert.Empty(await CodesAsync());
        Assert.Empty(await ApologiesAsync());
    }

    [Fact]
    public async Task NoApology_WhenTheMerchantHasNotTurnedItOn()
    {
        var (productId, _) = await PaidBackorderAsync();

        await MoveRestockAsync(productId, 40);

        Assert.Empty(await CodesAsync());
        Assert.Empty(await ApologiesAsync());
    }
}
