using System.Globalization;
using Storefront.Core.Planning;

// bench/planning: 365 days of stochastic demand for 200 products from 5 suppliers with uncertain
// lead times. The store's policy orders what ReplenishmentPlanner (the code behind the Replenishment
// page) suggests at each weekly review; the baseline is a fixed min/max rule in days of average
// demand, the same for every product, its days searched so that its average stock value matches
// the store's. Both see exactly the same demand and lead times (one seed). Shoppers may backorder.
//   Storefront.Bench.Planning [seed] [products] [days]

var seed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20261202;
var productCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var days = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 365;

var world = World.Create(seed, productCount, days);
var settings = new PlanningSettings { ReviewPeriodDays = Simulation.ReviewDays };
var store = Simulation.Run(world, new StorePolicy(settings));

// The min/max rule's cover in days: the smallest whose average stock value reaches the store's.
double low = 1, high = 120;
var baseline = Simulation.Run(world, new MinMaxPolicy(high));
for (var i = 0; i < 30; i++)
{
    var mid = (low + high) / 2;
    var run = Simulation.Run(world, new MinMaxPolicy(mid));
    if (run.AverageInventoryValue >= store.AverageInventoryValue)
    {
        high = mid;
        baseline = run;
    }
    else
    {
        low = mid;
    }
}

var c = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(c, $"{productCount} products, {days} days, 5 suppliers, weekly review, seed {seed}; demand {world.TotalDemand:N0} units."));
Console.WriteLine();
Console.WriteLine("| policy | stock-out days | backorder-days waited | average inventory value | fill rate from the shelf | orders placed |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var (name, r) in new[] { ("store suggestions (95 % service level)", store), (string.Create(c, $"min/max, min {high:0.0} days of demand, max + {Simulation.ReviewDays} days"), baseline) })
{
    Console.WriteLine(string.Create(c, $"| {name} | {r.StockOutDays:N0} | {r.BackorderDays:N0} | {r.AverageInventoryValue:N0} | {r.FillRate:P1} | {r.Orders:N0} |"));
}

/// <summary>One product's year: its daily demand, cost, supplier and the lead time of each order it will place.</summary>
internal sealed record SimProduct(int Supplier, double Cost, int[] History, int[] Demand, int[] LeadTimes, double MeanDemand);

internal sealed record World(IReadOnlyList<SimProduct> Products, int Days)
{
    public long TotalDemand => Products.Sum(p => (long)p.Demand.Sum());

    public static readonly double[] SupplierLeadDays = [5, 10, 20, 30, 45];

    public static World Create(int seed, int count, int days)
    {
        var random = new Random(seed);
        var products = new List<SimProduct>(count);
        for (var i = 0; i < count; i++)
        {
            var supplier = i % SupplierLeadDays.Length;
            // Rates from a fifth of a unit to 20 a day; a third of the products sell in lumps (a few big orders).
            var rate = Math.Exp(Math.Log(0.2) + random.NextDouble() * (Math.Log(20) - Math.Log(0.2)));
            var lumpy = random.NextDouble() < 1.0 / 3;
            var cost = Math.Round(2 + random.NextDouble() * 48, 2);
            int Day() => lumpy ? Lumpy(random, rate) : Poisson(random, rate);
            var history = Enumerable.Range(0, DemandModel.WindowDays).Select(_ => Day()).ToArray();
            var demand = Enumerable.Range(0, days).Select(_ => Day()).ToArray();
            var mean = SupplierLeadDays[supplier];
            var leads = Enumerable.Range(0, days).Select(_ => Math.Max(1, (int)Math.Round(mean * (1 + 0.25 * Normal(random))))).ToArray();
            products.Add(new SimProduct(supplier, cost, history, demand, leads, rate));
        }
        return new World(products, days);
    }

    private static int Poisson(Random random, double lambda)
    {
        // Knuth's method in steps, so large rates do not underflow.
        var k = 0;
        var left = lambda;
        var p = 1.0;
        do
        {
            k++;
            p *= random.NextDouble();
            while (p < 1 && left > 0)
            {
                var step = Math.Min(left, 500);
                left -= step;
                p *= Math.Exp(step);
            }
        }
        while (p > 1);
        return k - 1;
    }

    /// <summary>Orders arrive at a fifth of the rate and each takes 1–9 units (mean 5): the same mean, far more spread.</summary>
    private static int Lumpy(Random random, double rate)
    {
        var orders = Poisson(random, rate / 5);
        var units = 0;
        for (var i = 0; i < orders; i++)
        {
            units += 1 + random.Next(9);
        }
        return units;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

internal sealed record Result(long StockOutDays, long BackorderDays, double AverageInventoryValue, double FillRate, int Orders);

/// <summary>What a policy knows at a review, and what it orders.</summary>
internal interface IPolicy
{
    int Order(SimProduct product, int onHand, int backordered, int inbound, IReadOnlyList<int> sales, IReadOnlyList<double> leadTimes);
}

/// <summary>The store's rule: exactly what the Replenishment page would suggest.</summary>
internal sealed class StorePolicy(PlanningSettings settings) : IPolicy
{
    public int Order(SimProduct product, int onHand, int backordered, int inbound, IReadOnlyList<int> sales, IReadOnlyList<double> leadTimes)
    {
        var lead = LeadTime.Choose([.. leadTimes.TakeLast(20)], (int)World.SupplierLeadDays[product.Supplier], settings.DefaultLeadTimeDays);
        var input = new PlanningInput(onHand, 0, backordered, inbound, 0, DemandModel.Estimate(sales), lead);
        return ReplenishmentPlanner.Plan(input, settings).SuggestedQuantity;
    }
}

/// <summary>A fixed rule: below <paramref name="minDays"/> of average demand, order up to that plus a review period.</summary>
internal sealed class MinMaxPolicy(double minDays) : IPolicy
{
    public int Order(SimProduct product, int onHand, int backordered, int inbound, IReadOnlyList<int> sales, IReadOnlyList<double> leadTimes)
    {
        var d = DemandModel.Estimate(sales).Mean;
        var position = onHand + inbound - backordered;
        var min = (int)Math.Ceiling(d * minDays);
        var max = (int)Math.Ceiling(d * (minDays + Simulation.ReviewDays));
        return position <= min ? Math.Max(0, max - position) : 0;
    }
}

internal static class Simulation
{
    public const int ReviewDays = 7;

    public static Result Run(World world, IPolicy policy)
    {
        long stockOutDays = 0, backorderDays = 0, fromShelf = 0, demanded = 0;
        double inventoryValue = 0;
        var orders = 0;
        foreach (var p in world.Products)
        {
            // Start where the store's rule would stand: a reorder point's worth plus a review period.
            var onHand = (int)Math.Ceiling(p.MeanDemand * (World.SupplierLeadDays[p.Supplier] + ReviewDays));
            var backordered = 0;
            var arrivals = new Dictionary<int, int>();
            var sales = new List<int>(p.History);
            var measured = new List<double>();
            var placedOn = new Dictionary<int, int>();
            var orderIndex = 0;
            for (var day = 0; day < world.Days; day++)
            {
                if (arrivals.Remove(day, out var arriving))
                {
                    // Waiting customers first, oldest first, as the store serves its queue.
                    var served = Math.Min(arriving, backordered);
                    backordered -= served;
                    onHand += arriving - served;
                    measured.Add(day - placedOn[day]);
                }
                var want = p.Demand[day];
                demanded += want;
                var fromStock = backordered > 0 ? 0 : Math.Min(onHand, want);
                onHand -= fromStock;
                fromShelf += fromStock;
                if (want > fromStock)
                {
                    stockOutDays++;
                    backordered += want - fromStock;
                }
                // A backorder is a sale: demand history is never cut short by a stock-out.
                sales.Add(want);
                backorderDays += backordered;
                inventoryValue += onHand * p.Cost;
                if (day % ReviewDays == 0)
                {
                    var inbound = arrivals.Values.Sum();
                    var qty = policy.Order(p, onHand, backordered, inbound, sales.TakeLast(DemandModel.WindowDays).ToList(), measured);
                    if (qty > 0)
                    {
                        var arrive = day + p.LeadTimes[orderIndex++ % p.LeadTimes.Length];
                        // Two orders landing the same day merge (they are measured once).
                        arrivals[arrive] = arrivals.GetValueOrDefault(arrive) + qty;
                        placedOn[arrive] = placedOn.TryGetValue(arrive, out var earlier) ? Math.Min(earlier, day) : day;
                        orders++;
                    }
                }
            }
        }
        return new Result(stockOutDays, backorderDays, inventoryValue / world.Days, demanded == 0 ? 1 : (double)fromShelf / demanded, orders);
    }
}
