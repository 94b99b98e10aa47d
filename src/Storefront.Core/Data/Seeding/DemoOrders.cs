using System.Globalization;
using Storefront.Core.Availability;
using Storefront.Core.Catalog;
using Storefront.Core.Etas;
using Storefront.Core.Orders;
using Storefront.Core.Payments;
using Storefront.Core.Shipping;

namespace Storefront.Core.Data.Seeding;

/// <summary>
/// About 25 paid orders from the last month, so the Admin area has something to show on first start:
/// lines shipped from the shelf and open backorder lines queued on several products (one of them with
/// lines from different days). Built in memory, deterministically, the way checkout would have placed
/// them: oldest order first, no allocation while a product has open backorders, backorders only where
/// the policy, the cap and a known ETA allow.
/// </summary>
internal static class DemoOrders
{
    public const int Count = 25;
    private const int Seed = 20261126;
    private const string OrderAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private static readonly (string Name, string Line1, string City, string PostalCode, string Country)[] Customers =
    [
        ("Maya Thompson", "14 Orchard Lane", "Portland", "97205", "United States"),
        ("Daniel Okafor", "2200 Pine Street, Apt 5B", "Seattle", "98101", "United States"),
        ("Sofia Rossi", "87 Maple Avenue", "Burlington", "05401", "United States"),
        ("Liam Chen", "410 Market Street", "San Francisco", "94105", "United States"),
        ("Hannah Becker", "9 Willow Court", "Madison", "53703", "United States"),
        ("Marcus Reed", "1536 Elm Road", "Austin", "78701", "United States"),
        ("Priya Nair", "77 Harbor View Drive", "Boston", "02110", "United States"),
        ("Tom Walsh", "305 Cedar Street", "Denver", "80202", "United States"),
        ("Aiko Tanaka", "62 Riverside Boulevard", "Minneapolis", "55401", "United States"),
        ("Grace Muller", "18 Chestnut Hill", "Philadelphia", "19118", "United States"),
        ("Jonas Lindqvist", "940 Lakeshore Drive", "Chicago", "60611", "United States"),
        ("Elena Garcia", "25 Mission Street", "Santa Fe", "87501", "United States"),
        ("Oliver Bennett", "1120 Oak Park Avenue", "Asheville", "28801", "United States"),
        ("Fatima Haddad", "58 Bayview Terrace", "San Diego", "92101", "United States"),
        ("Noah Fischer", "3 Quarry Road", "Providence", "02903", "United States"),
        ("Chloe Martin", "711 Magnolia Street", "Savannah", "31401", "United States"),
    ];

    /// <summary>Wanted lines per order, by SKU. Backorderable out-of-stock products recur so their queues fill over days.</summary>
    private static readonly string[][] Baskets =
    [
        ["KIT-0001", "KIT-0005"], ["COF-0002"], ["OUT-0003", "OUT-0007"], ["OFF-0001"], ["AUD-0004"],
        ["KIT-0003", "KIT-0007"], ["COF-0001", "COF-0004"], ["BKG-0001"], ["OFF-0002", "OFF-0004"], ["COF-0002", "COF-0004"],
        ["AUD-0001"], ["OUT-0002"], ["KIT-0004"], ["BKG-0006", "BKG-0001"], ["AUD-0007"],
        ["OFF-0001", "OFF-0004"], ["KIT-0001"], ["OUT-0001"], ["COF-0001"], ["KIT-0003"],
        ["AUD-0004", "AUD-0001"], ["BKG-0005"], ["COF-0002"], ["OUT-0003"], ["KIT-0005", "KIT-0007"],
    ];

    /// <summary>
    /// Adds the orders to <paramref name="db"/> (products must already have ids) and adjusts the products'
    /// tracked stock rows: on hand grows by what the orders hold, so what new shoppers see stays as the
    /// demo catalog describes it, and allocated/backordered match the lines exactly.
    /// </summary>
    public static List<Order> Place(StorefrontDbContext db, IReadOnlyList<Product> products, DateTime now, int handlingDays, long shippingAmount)
    {
        var random = new Random(Seed);
        var today = DateOnly.FromDateTime(now);
        var bySku = products.ToDictionary(p => p.Sku);
        var orders = new List<Order>(Count);
        for (var n = 0; n < Count; n++)
        {
            // Spread over the last 30 days, oldest first, at plausible times of day.
            var daysAgo = 30 - (n * 29 / (Count - 1));
            var placedAt = DateTime.SpecifyKind(now.Date.AddDays(-daysAgo).AddHours(8 + random.Next(13)).AddMinutes(random.Next(60)), DateTimeKind.Utc);
            if (placedAt > now)
            {
                placedAt = now.AddMinutes(-5);
            }
            var customer = Customers[(n * 7) % Customers.Length];
            var email = customer.Name.ToLowerInvariant().Replace(' ', '.') + "@example.com";
            var order = new Order
            {
                Number = "SF-" + random.GetString(OrderAlphabet, 8),
                CheckoutKey = string.Create(CultureInfo.InvariantCulture, $"demo-seed-{n + 1:00}"),
                Email = email,
                ShippingName = customer.Name,
                AddressLine1 = customer.Line1,
                City = customer.City,
                PostalCode = customer.PostalCode,
                Country = customer.Country,
                Status = OrderStatus.Paid,
                Currency = "USD",
                PlacedAt = placedAt,
                PaidAt = placedAt.AddMinutes(2),
            };
            foreach (var sku in Baskets[n].Order(StringComparer.Ordinal))
            {
                var product = bySku[sku];
                var line = Line(product, 1 + random.Next(product.Stock!.OnHand > 20 ? 3 : 2), placedAt, today, handlingDays);
                if (line is not null)
                {
                    order.Lines.Add(line);
                }
            }
            if (order.Lines.Count == 0)
            {
                continue;
            }
            order.BackorderTermsAccepted = order.Lines.Any(l => l.BackorderedQuantity > 0);
            // Charged the flat rate once: the choice checkout stores for that charge.
            order.ShippingChoice = ShippingCharges.Effective(order.Lines.Any(l => l.AllocatedQuantity > 0), order.BackorderTermsAccepted, null);
            order.SubtotalAmount = order.Lines.Sum(l => l.UnitPriceAmount * l.Quantity);
            order.ShippingAmount = shippingAmount;
            order.TotalAmount = order.SubtotalAmount + order.ShippingAmount;
            foreach (var backorder in order.Lines.SelectMany(l => l.Backorders))
            {
                backorder.Order = order;
            }
            orders.Add(order);
        }
        db.Orders.AddRange(orders);
        return orders;
    }

    /// <summary>Payments for saved orders (they need the order ids): one succeeded test-gateway charge each.</summary>
    public static IEnumerable<Payment> Payments(IEnumerable<Order> orders) => orders.Select(o => new Payment
    {
        OrderId = o.Id,
        Provider = TestPaymentGateway.ProviderName,
        AttemptKey = o.CheckoutKey + "-pay",
        ProviderReference = "demo_" + o.Number,
        Amount = o.TotalAmount,
        Currency = o.Currency,
        Status = PaymentStatus.Succeeded,
        CreatedAt = o.PlacedAt.AddMinutes(1),
        CompletedAt = o.PaidAt,
    });

    private static OrderLine? Line(Product product, int quantity, DateTime placedAt, DateOnly today, int handlingDays)
    {
        var stock = product.Stock!;
        var line = new OrderLine
        {
            ProductId = product.Id,
            Sku = product.Sku,
            ProductName = product.Name,
            UnitPriceAmount = product.PriceAmount,
            Currency = product.Currency,
            Quantity = quantity,
            ReleaseDate = product.ReleaseDate is { } day && day > today ? day : null,
        };
        if (stock.Backordered == 0 && stock.OnHand > 0)
        {
            // Units sold from the shelf: on hand grows with them, so the catalog still shows what it was
            // written to show (these units are simply not shipped yet).
            stock.OnHand += quantity;
            stock.Allocated += quantity;
            line.AllocatedQuantity = quantity;
            return line;
        }
        if (product.Status == ProductStatus.Discontinued || product.BackorderPolicy == BackorderPolicy.NotAllowed
            || (product.ReleaseDate is { } release && release > today))
        {
            return null;
        }
        // Stay well inside the cap so the demo still offers backorders for the product.
        if (product.BackorderPolicy == BackorderPolicy.AllowedUpTo && stock.Backordered + quantity > (product.BackorderLimit ?? 0) / 2)
        {
            return null;
        }
        var schedule = new EtaSchedule(
            product.Deliveries.Select(d => new ScheduledDelivery(d.ExpectedDate, d.Outstanding)), 0, product.RestockDate, today, handlingDays, product.ReleaseDate);
        // Keep within scheduled deliveries when there are some, so shoppers are still offered the earliest dates.
        if (schedule.ScheduledUnits > 0 && stock.Backordered + quantity > schedule.ScheduledUnits / 2)
        {
            return null;
        }
        if (schedule.EtaForPosition(stock.Backordered + quantity) is not { } eta)
        {
            return null;
        }
        stock.Backordered += quantity;
        line.BackorderedQuantity = quantity;
        line.Backorders.Add(BackorderLine.Open(product.Id, placedAt, quantity, eta));
        return line;
    }
}
