using Storefront.Core.Orders;

namespace Storefront.Tests.Model;

/// <summary>
/// The store's stock rules in a few lines of plain C#, with no database: what every operation should
/// do to on hand, allocations, backorders and order lines. The model-based test runs random
/// operations against the real services and this model side by side and compares them after every step.
/// </summary>
public sealed class StockModel
{
    public sealed class ProductState(int cap)
    {
        public int? Cap { get; } = cap < 0 ? null : cap;
        public int OnHand { get; set; }
        public int Allocated { get; set; }
        public int Backordered { get; set; }
    }

    public sealed class LineState(int product, int quantity)
    {
        public int Product { get; } = product;
        public int Quantity { get; } = quantity;
        public int Allocated { get; set; }
        public int Shipped { get; set; }
        public int Backordered { get; set; }
        public int Cancelled { get; set; }

        /// <summary>Open units of the line's backorder (each line has at most one: it is made at placement).</summary>
        public int OpenBackorder { get; set; }
    }

    public sealed class OrderState
    {
        public int DbId { get; set; }
        public OrderStatus Status { get; set; } = OrderStatus.PendingPayment;
        public List<LineState> Lines { get; } = [];
    }

    public StockModel(params (int OnHand, int Cap)[] products)
    {
        Products = [.. products.Select(p => new ProductState(p.Cap) { OnHand = p.OnHand })];
    }

    public List<ProductState> Products { get; }

    /// <summary>Orders in the order they were placed: the backorder queue's order.</summary>
    public List<OrderState> Orders { get; } = [];

    /// <summary>Places an order, or returns null when a shortfall cannot be backordered (the cap); then nothing changes.</summary>
    public OrderState? Place(IReadOnlyList<(int Product, int Quantity)> wanted)
    {
        var order = new OrderState();
        var reserved = new List<(ProductState P, int Alloc, int Short)>();
        foreach (var (product, quantity) in wanted.OrderBy(w => w.Product))
        {
            var p = Products[product];
            // Nobody new gets shelf stock while older backorders wait.
            var alloc = p.Backordered > 0 ? 0 : Math.Min(quantity, p.OnHand - p.Allocated);
            var shortfall = quantity - alloc;
            if (shortfall > 0 && p.Cap is { } cap && p.Backordered + shortfall > cap)
            {
                foreach (var (q, a, s) in reserved)
                {
                    q.Allocated -= a;
                    q.Backordered -= s;
                }
                return null;
            }
            p.Allocated += alloc;
            p.Backordered += shortfall;
            reserved.Add((p, alloc, shortfall));
            order.Lines.Add(new LineState(product, quantity) { Allocated = alloc, Backordered = shortfall, OpenBackorder = shortfall });
        }
        Orders.Add(order);
        return order;
    }

    /// <summary>Hands free units to the product's open backorders, oldest order first.</summary>
    public void Serve(int product)
    {
        var p = Products[product];
        foreach (var line in Orders.SelectMany(o => o.Lines).Where(l => l.Product == product && l.OpenBackorder > 0))
        {
            var free = p.OnHand - p.Allocated;
            if (free <= 0)
            {
                return;
            }
            var take = Math.Min(free, line.OpenBackorder);
            line.OpenBackorder -= take;
            line.Backordered -= take;
            line.Allocated += take;
            p.Allocated += take;
            p.Backordered -= take;
        }
    }

    public void Receive(int product, int units)
    {
        Products[product].OnHand += units;
        Serve(product);
    }

    /// <summary>False when the change would take on hand below zero or below what is allocated.</summary>
    public bool Adjust(int product, int delta)
    {
        var p = Products[product];
        if (p.OnHand + delta < 0 || p.OnHand + delta < p.Allocated)
        {
            return false;
        }
        p.OnHand += delta;
        if (delta > 0)
        {
            Serve(product);
        }
        return true;
    }

    /// <summary>Releases an unpaid order; false (nothing changes) when it is not waiting for payment.</summary>
    public bool Release(OrderState order)
    {
        if (order.Status != OrderStatus.PendingPayment)
        {
            return false;
        }
        order.Status = OrderStatus.PaymentFailed;
        foreach (var line in order.Lines)
        {
            var p = Products[line.Product];
            p.Allocated -= line.Allocated;
            p.Backordered -= line.Backordered;
            line.Cancelled += line.Allocated + line.Backordered;
            line.Allocated = 0;
            line.Backordered = 0;
            line.OpenBackorder = 0;
        }
        foreach (var product in order.Lines.Select(l => l.Product).Distinct().Order())
        {
            Serve(product);
        }
        return true;
    }

    /// <summary>Ships what was asked (null: every allocated unit); false (nothing changes) when the rules refuse it.</summary>
    public bool Ship(OrderState order, IReadOnlyList<(int Product, int Quantity)>? request)
    {
        if (order.Status is not (OrderStatus.Paid or OrderStatus.PartiallyShipped))
        {
            return false;
        }
        var plan = request is null
            ? [.. order.Lines.Where(l => l.Allocated > 0).Select(l => (Line: l, Quantity: l.Allocated))]
            : request.Select(r => (Line: order.Lines.Single(l => l.Product == r.Product), r.Quantity)).ToList();
        if (plan.Any(p => p.Quantity > p.Line.Allocated) || plan.Sum(p => p.Quantity) == 0)
        {
            return false;
        }
        foreach (var (line, quantity) in plan)
        {
            line.Allocated -= quantity;
            line.Shipped += quantity;
            Products[line.Product].OnHand -= quantity;
            Products[line.Product].Allocated -= quantity;
        }
        order.Status = order.Lines.Sum(l => l.Allocated + l.Backordered) == 0 ? OrderStatus.Shipped : OrderStatus.PartiallyShipped;
        return true;
    }
}
