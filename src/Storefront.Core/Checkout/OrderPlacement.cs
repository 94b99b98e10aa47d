using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Common;
using Storefront.Core.Data;
using Storefront.Core.Etas;
using Storefront.Core.Incentives;
using Storefront.Core.Inventory;
using Storefront.Core.Notifications;
using Storefront.Core.Orders;
using Storefront.Core.Shipping;

namespace Storefront.Core.Checkout;

/// <summary>
/// Places an order: allocates what is on the shelf, backorders the shortfall where the policy and the
/// cap allow, or refuses with a clear message. All in one transaction; the order starts
/// PendingPayment with a hold that expires. No payment provider is called here.
/// </summary>
public sealed class OrderPlacement(
    StorefrontDbContext db,
    InventoryEngine inventory,
    AvailabilityService availability,
    TimeProvider clock,
    IOptions<StoreOptions> options,
    IOptions<ShippingOptions> shipping,
    IOptions<CheckoutOptions> checkout,
    IncentiveSettingsService incentives,
    IncentiveCodes codes,
    PlacementTurns turns,
    ILogger<OrderPlacement> logger)
{
    // The queries every placement runs, compiled once: a LINQ query is otherwise built, walked for
    // its parameters and looked up in EF's cache on every call (that lookup was about 6 % of the store's CPU on launch day).
    private static readonly CompiledQuery<Func<StorefrontDbContext, string, CancellationToken, Task<Order?>>> OrderByCheckoutKey = new(() =>
        EF.CompileAsyncQuery((StorefrontDbContext db, string key, CancellationToken ct) =>
            db.Orders.AsNoTracking().Include(o => o.Lines).ThenInclude(l => l.Backorders).FirstOrDefault(o => o.CheckoutKey == key)));

    private static readonly CompiledQuery<Func<StorefrontDbContext, DateTime, string, int, IAsyncEnumerable<UnpaidOrder>>> UnpaidOfClient = new(() =>
        EF.CompileAsyncQuery((StorefrontDbContext db, DateTime now, string key, int take) =>
            db.Orders.Where(o => o.Status == OrderStatus.PendingPayment && o.HoldExpiresAt > now && o.ClientKey == key)
                .OrderBy(o => o.HoldExpiresAt).Take(take)
                .Select(o => new UnpaidOrder(o.HoldExpiresAt, true, false))));

    private static readonly CompiledQuery<Func<StorefrontDbContext, DateTime, string, string, int, IAsyncEnumerable<UnpaidOrder>>> UnpaidOfClientOrAddress = new(() =>
        EF.CompileAsyncQuery((StorefrontDbContext db, DateTime now, string key, string address, int take) =>
            db.Orders.Where(o => o.Status == OrderStatus.PendingPayment && o.HoldExpiresAt > now && (o.ClientKey == key || o.ClientAddress == address))
                .OrderByDescending(o => o.ClientKey == key).ThenBy(o => o.HoldExpiresAt).Take(take)
                .Select(o => new UnpaidOrder(o.HoldExpiresAt, o.ClientKey == key, o.ClientAddress == address))));

    private readonly StoreOptions _store = options.Value;
    private readonly ShippingOptions _shipping = shipping.Value;
    private readonly CheckoutOptions _checkout = checkout.Value;

    public async Task<PlaceOrderResult> PlaceAsync(PlaceOrderRequest request, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.CheckoutKey) || request.CheckoutKey.Length > 64)
        {
            return PlaceOrderResult.Invalid("This checkout form has expired. Please review your order and try again.");
        }
        var existing = await FindByCheckoutKeyAsync(request.CheckoutKey, ct);
        if (existing is not null)
        {
            return new PlaceOrderResult(PlaceOrderOutcome.AlreadyPlaced, existing, []);
        }

        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return new PlaceOrderResult(PlaceOrderOutcome.Invalid, null, errors);
        }

        // The same product on two lines is one demand. Ascending product id everywhere: no deadlocks.
        var wanted = OrderLineRequest.Combine(request.Lines).OrderBy(l => l.ProductId).ToList();
        var ids = wanted.Select(l => l.ProductId).ToArray();
        // With its stock row: the placing UPDATE is sized from it and re-checks it (ADR 0018). The
        // checkout's preview has usually just read both; a caller without one reads them here.
        var seen = request.Seen is { } snapshot && snapshot.Covers(ids) ? snapshot : null;
        var products = seen is not null
            ? ids.ToDictionary(id => id, id => seen.Products[id])
            : await db.Products.AsNoTracking().Include(p => p.Stock).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        foreach (var line in wanted)
        {
            if (!products.TryGetValue(line.ProductId, out var product))
            {
                return PlaceOrderResult.Invalid("One of the products in your order no longer exists. Please review your cart.");
            }
            if (line.Quantity > availability.MaxPerOrder)
            {
                return PlaceOrderResult.Invalid($"You can order at most {availability.MaxPerOrder} of {product.Name} at once.");
            }
        }
        var currencies = products.Values.Select(p => p.Currency).Distinct().ToList();
        if (currencies.Count != 1)
        {
            return PlaceOrderResult.Invalid("Products priced in different currencies cannot be ordered together.");
        }
        var schedules = seen is not null
            ? ids.ToDictionary(id => id, id => seen.Schedules.GetValueOrDefault(id, []))
            : await availability.SchedulesAsync(ids, ct);
        var settings = await incentives.GetAsync(ct);
        // Read before the transaction, so nothing waits behind these reads for a stock row or, on
        // SQLite, for the write lock; racing submits from one client bound the excess as before.
        if (request.Client is { } client
            && await UnpaidLimitRefusalAsync(client, wanted, products, clock.GetUtcNow().UtcDateTime, ct) is { } limited)
        {
            return PlaceOrderResult.Refused(limited);
        }
        if (RefusalFromRead(request, wanted, products, schedules) is { } refused)
        {
            return refused;
        }

        try
        {
            using var turn = await turns.EnterAsync(ids, ct);
            return await db.InTransactionAsync(
                ct => PlaceInTransactionAsync(request, wanted, products, schedules, currencies[0], settings, ct),
                result => result.Outcome == PlaceOrderOutcome.Placed, ct);
        }
        catch (DbUpdateException ex)
        {
            // A second submit of the same form raced the first: the unique checkout key let one win.
            db.ChangeTracker.Clear();
            var winner = await FindByCheckoutKeyAsync(request.CheckoutKey, ct);
            if (winner is not null)
            {
                return new PlaceOrderResult(PlaceOrderOutcome.AlreadyPlaced, winner, []);
            }
            logger.LogError(ex, "Placing an order failed");
            throw;
        }
    }

    private async Task<PlaceOrderResult> PlaceInTransactionAsync(
        PlaceOrderRequest request,
        List<OrderLineRequest> wanted,
        Dictionary<int, Product> products,
        Dictionary<int, IReadOnlyList<ScheduledDelivery>> schedules,
        string currency,
        IncentiveSettings settings,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var order = new Order
        {
            Number = OrderNumbers.Next(),
            CheckoutKey = request.CheckoutKey,
            UserId = request.UserId,
            Email = request.Email.Trim(),
            ShippingName = request.Address.Name.Trim(),
            AddressLine1 = request.Address.Line1.Trim(),
            AddressLine2 = string.IsNullOrWhiteSpace(request.Address.Line2) ? null : request.Address.Line2.Trim(),
            City = request.Address.City.Trim(),
            PostalCode = request.Address.PostalCode.Trim(),
            Country = request.Address.Country.Trim(),
            Status = OrderStatus.PendingPayment,
            Currency = currency,
            PlacedAt = now,
            HoldExpiresAt = OrderHolds.HoldUntil(now, now, _checkout.PaymentPageHold, _store.CheckoutHold),
            BackorderTermsAccepted = request.BackorderTermsAccepted,
            ClientKey = request.Client?.Key,
            ClientAddress = request.Client?.Address,
        };
        // The order row first, before any stock row is locked: what follows the stock UPDATEs (its
        // lines, their backorders, the totals, the commit) is all that holds a product's row.
        db.Orders.Add(order);
        await db.SaveChangesAsync(ct);

        foreach (var line in wanted)
        {
            var product = products[line.ProductId];
            var orderLine = new OrderLine
            {
                ProductId = product.Id,
                Sku = product.Sku,
                ProductName = product.Name,
                UnitPriceAmount = product.PriceAmount,
                Currency = product.Currency,
                Quantity = line.Quantity,
                // Sold before its release day: a pre-order, whatever part of it is on the shelf.
                ReleaseDate = product.ReleaseDate is { } release && release > DateOnly.FromDateTime(now) ? release : null,
            };
            var seen = product.Stock is { } stock ? new StockLevels(stock.OnHand, stock.Allocated, stock.Backordered) : null;
            var hold = await inventory.HoldAsync(product, line.Quantity, seen, request.BackorderTermsAccepted,
                schedules.GetValueOrDefault(product.Id, []), now, ct);
            if (!hold.Held)
            {
                return PlaceOrderResult.Refused(
                    BackorderRefusal(product, hold.Allocated, request.BackorderTermsAccepted, orderLine.IsPreOrder) ?? Unavailable(product, hold.Allocated));
            }
            orderLine.AllocatedQuantity = hold.Allocated;
            if (hold.Backorder is { } backorder)
            {
                orderLine.BackorderedQuantity = hold.Shortfall;
                orderLine.Backorders.Add(backorder);
            }
            order.Lines.Add(orderLine);
        }

        // Priced from what was actually allocated, which may differ from the preview the shopper saw.
        var shipsNow = order.Lines.Any(l => l.AllocatedQuantity > 0);
        var backordered = order.Lines.Any(l => l.BackorderedQuantity > 0);
        order.ShippingChoice = ShippingCharges.Effective(shipsNow, backordered, request.Shipping);
        order.SubtotalAmount = order.Lines.Sum(l => l.UnitPriceAmount * l.Quantity);
        order.ShippingAmount = ShippingCharges.Charge(_store.FlatShippingAmount, _shipping.SplitShipmentExtraAmount,
            settings.FreeShippingOnBackorders, shipsNow, backordered, order.ShippingChoice);
        CodeCheck? code = null;
        if (!string.IsNullOrWhiteSpace(request.DiscountCode))
        {
            code = await codes.CheckAsync(request.DiscountCode, order.Email, currency, order.SubtotalAmount, order.ShippingAmount, ct);
            if (code.Error is not null)
            {
                return PlaceOrderResult.InvalidField(PlaceOrderResult.DiscountCodeField, code.Error);
            }
            order.DiscountAmount = code.Discount;
            order.DiscountCode = code.Code;
        }
        order.TotalAmount = Math.Max(0, order.SubtotalAmount + order.ShippingAmount - order.DiscountAmount);
        foreach (var backorder in order.Lines.SelectMany(l => l.Backorders))
        {
            backorder.Order = order;
        }
        await db.SaveChangesAsync(ct);
        // The check above read the code; this UPDATE is what claims it. A concurrent order that
        // claimed it first leaves no row to change, and this whole placement rolls back.
        if (code is not null && !await codes.RedeemAsync(code.CodeId!.Value, order.Id, ct))
        {
            return PlaceOrderResult.InvalidField(PlaceOrderResult.DiscountCodeField, IncentiveCodes.UsedMessage);
        }
        return new PlaceOrderResult(PlaceOrderOutcome.Placed, order, []);
    }

    /// <summary>
    /// A line the placing transaction would refuse at its first try, which starts from the same read
    /// (<see cref="InventoryEngine.RefusalFrom"/>), is refused here with the same words, before any
    /// turn, transaction or order row: on launch day, everyone after the stock and the backorder places
    /// are gone. Lines are looked at in ascending product id, as the transaction takes them.
    /// </summary>
    private PlaceOrderResult? RefusalFromRead(PlaceOrderRequest request, List<OrderLineRequest> wanted,
        Dictionary<int, Product> products, Dictionary<int, IReadOnlyList<ScheduledDelivery>> schedules)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var line in wanted)
        {
            var product = products[line.ProductId];
            if (product.Stock is not { } stock)
            {
                // No stock row read: the transaction reads it itself.
                continue;
            }
            var seen = new StockLevels(stock.OnHand, stock.Allocated, stock.Backordered);
            if (inventory.RefusalFrom(product, line.Quantity, seen, request.BackorderTermsAccepted, schedules.GetValueOrDefault(product.Id, [])) is { } hold)
            {
                var preOrder = product.ReleaseDate is { } release && release > today;
                return PlaceOrderResult.Refused(
                    BackorderRefusal(product, hold.Allocated, request.BackorderTermsAccepted, preOrder) ?? Unavailable(product, hold.Allocated));
            }
        }
        return null;
    }

    /// <summary>
    /// What one client's unpaid checkouts may hold, so nobody locks a product's stock without paying
    /// (ADR 0015): a few unpaid orders per browser or account, more per network address, and a cap
    /// on the units of one product its unpaid orders hold together. Read just before the placing
    /// transaction; two submits racing from one client can pass together, which bounds the excess to that race.
    /// </summary>
    private async Task<string?> UnpaidLimitRefusalAsync(CheckoutClient client, List<OrderLineRequest> wanted,
        Dictionary<int, Product> products, DateTime now, CancellationToken ct)
    {
        // One query for both counts: this client's unpaid orders first, earliest hold first, then
        // enough of its network's to know whether that limit is reached too (when this client's is
        // not, fewer than MaxUnpaidOrdersPerClient rows are its own, so the rest fit).
        var address = client.Address;
        var take = _checkout.MaxUnpaidOrdersPerClient + _checkout.MaxUnpaidOrdersPerAddress;
        var rows = new List<UnpaidOrder>();
        await foreach (var row in (address is null ? UnpaidOfClient.For(db)(db, now, client.Key, take) : UnpaidOfClientOrAddress.For(db)(db, now, client.Key, address, take)).WithCancellation(ct))
        {
            rows.Add(row);
        }
        var waiting = rows.Where(o => o.Mine).Select(o => o.HoldExpiresAt).ToList();
        if (waiting.Count >= _checkout.MaxUnpaidOrdersPerClient)
        {
            return $"You already have {(waiting.Count == 1 ? "an order" : $"{waiting.Count} orders")} waiting for payment. Please pay for one, or place this order after "
                + $"{waiting[0]!.Value:HH:mm} UTC, when the first one's hold ends.";
        }
        if (address is not null && rows.Count(o => o.FromAddress) >= _checkout.MaxUnpaidOrdersPerAddress)
        {
            return "Too many orders from your network are waiting for payment right now. Please try again in a few minutes.";
        }
        if (waiting.Count == 0)
        {
            // No unpaid order of this client, so it holds no units of anything.
            return null;
        }
        var ids = wanted.Select(l => l.ProductId).ToArray();
        var held = await db.OrderLines
            .Where(l => ids.Contains(l.ProductId) && l.Order!.Status == OrderStatus.PendingPayment && l.Order.HoldExpiresAt > now && l.Order.ClientKey == client.Key)
            .GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Units = g.Sum(l => l.AllocatedQuantity + l.BackorderedQuantity) })
            .ToDictionaryAsync(h => h.ProductId, h => h.Units, ct);
        foreach (var line in wanted)
        {
            var already = held.GetValueOrDefault(line.ProductId);
            if (already > 0 && already + line.Quantity > _checkout.MaxHeldUnitsPerProduct)
            {
                var left = Math.Max(0, _checkout.MaxHeldUnitsPerProduct - already);
                return $"Your unpaid order already holds {already} of {products[line.ProductId].Name}; until it is paid you can add at most {left} more in another order.";
            }
        }
        return null;
    }

    private static string? BackorderRefusal(Product product, int allocated, bool accepted, bool preOrder)
    {
        if (product.Status == ProductStatus.Discontinued || product.BackorderPolicy == BackorderPolicy.NotAllowed)
        {
            return Unavailable(product, allocated);
        }
        return accepted ? null
            : preOrder ? $"{product.Name} is a pre-order. Please tick the box to accept its release date before placing the order."
            : $"Part of your order for {product.Name} will be backordered. Please tick the box to accept the backorder date before placing the order.";
    }

    private static string Unavailable(Product product, int allocated) => allocated > 0
        ? $"Sorry, only {allocated} of {product.Name} can be ordered right now. Please lower the quantity."
        : $"Sorry, {product.Name} is out of stock and can't be backordered right now. Please remove it from your order.";

    private static List<string> Validate(PlaceOrderRequest r)
    {
        var errors = new List<string>();
        // Validated the way the mailer parses it: a paid guest whose address cannot be sent to never hears from us.
        if (!EmailAddresses.IsDeliverable(r.Email))
        {
            errors.Add("Please enter a valid email address.");
        }
        if (string.IsNullOrWhiteSpace(r.Address.Name) || string.IsNullOrWhiteSpace(r.Address.Line1)
            || string.IsNullOrWhiteSpace(r.Address.City) || string.IsNullOrWhiteSpace(r.Address.PostalCode)
            || string.IsNullOrWhiteSpace(r.Address.Country))
        {
            errors.Add("Please fill in the shipping name and address.");
        }
        if (r.Lines.Count == 0)
        {
            errors.Add("Your order is empty.");
        }
        if (r.Lines.Any(l => l.Quantity < 1))
        {
            errors.Add("Each quantity must be at least 1.");
        }
        return errors;
    }

    private Task<Order?> FindByCheckoutKeyAsync(string key, CancellationToken ct) => OrderByCheckoutKey.For(db)(db, key, ct);

    /// <summary>An unpaid order that counts against a client's limits: its hold's end, and whether it is this client's or from its network.</summary>
    private sealed record UnpaidOrder(DateTime? HoldExpiresAt, bool Mine, bool FromAddress);
}
