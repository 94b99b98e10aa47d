using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Orders;

namespace Storefront.Bench.Checkout;

/// <summary>
/// Launch day: many shoppers at once, each its own browser (cookies, antiforgery token) and client
/// address, buy one unit of one product with a little stock and a capped backorder. The outcome is
/// checked in the database, not taken from the responses: exactly the stock allocated, exactly the
/// cap backordered, everyone else refused with the store's out-of-stock message, no errors.
/// </summary>
internal static class Launch
{
    /// <summary>What the store says to a shopper who comes after the stock and the backorder places are gone.</summary>
    private const string SoldOutWords = "is out of stock and can't be backordered right now";

    public static async Task<int> RunAsync(StorefrontDbContext db, Uri baseUrl, int shoppers, int onHand, int cap)
    {
        await WarmUpAsync(db, baseUrl);

        var (id, slug) = await Seed.ProductAsync(db, "BENCH-L-001", onHand, backorderLimit: cap);
        var crowd = Enumerable.Range(0, shoppers).Select(i => new Shopper(baseUrl, Shopper.Address(3, i))).ToList();
        try
        {
            // Every shopper opens the product page first (its antiforgery cookie and token), a few at a time.
            using (var gate = new SemaphoreSlim(32))
            {
                await Task.WhenAll(crowd.Select(async s =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        await s.TokenAsync(slug);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }

            using var go = new SemaphoreSlim(0);
            var latencies = new double[shoppers];
            var tasks = crowd.Select(async (s, i) =>
            {
                await go.WaitAsync();
                var start = Stopwatch.GetTimestamp();
                var placement = await s.PlaceOrderAsync(id, 1);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                return placement;
            }).ToList();
            var cpuBefore = StoreCpu.Milliseconds();
            var watch = Stopwatch.StartNew();
            go.Release(shoppers);
            var results = await Task.WhenAll(tasks);
            watch.Stop();
            var storeCpu = StoreCpu.Milliseconds() - cpuBefore;

            var placed = results.Count(r => r.Outcome == Outcome.Placed);
            var refused = results.Count(r => r.Outcome == Outcome.Refused && r.Message!.Contains(SoldOutWords, StringComparison.Ordinal));
            var serverErrors = results.Count(r => r.Status >= 500);
            var other = results.Length - placed - refused;
            foreach (var message in results.Where(r => r.Outcome != Outcome.Placed && !(r.Message ?? "").Contains(SoldOutWords, StringComparison.Ordinal))
                .GroupBy(r => $"{r.Status} {r.Message}").Take(5))
            {
                await Console.Error.WriteLineAsync($"unexpected answer ×{message.Count()}: {message.Key}");
            }

            var state = await EndStateAsync(db, id);
            var sorted = latencies.Order().ToArray();
            var expectPlaced = Math.Min(shoppers, onHand + cap);
            var expectAllocated = Math.Min(shoppers, onHand);
            var problems = new List<string>();
            Expect(problems, "placed (answers)", placed, expectPlaced);
            Expect(problems, "orders in the database", state.Orders, expectPlaced);
            Expect(problems, "allocated (stock row)", state.Allocated, expectAllocated);
            Expect(problems, "allocated (order lines)", state.LinesAllocated, expectAllocated);
            Expect(problems, "backordered (stock row)", state.Backordered, expectPlaced - expectAllocated);
            Expect(problems, "backordered (order lines)", state.LinesBackordered, expectPlaced - expectAllocated);
            Expect(problems, "open backorder units", state.OpenBackorderUnits, expectPlaced - expectAllocated);
            Expect(problems, "on hand", state.OnHand, onHand);
            Expect(problems, "refused with the out-of-stock message", refused, shoppers - expectPlaced);
            Expect(problems, "other answers", other, 0);
            Expect(problems, "server errors", serverErrors, 0);
            Expect(problems, "orders not waiting for payment", state.NotPending, 0);
            Expect(problems, "order lines whose parts do not add up", state.UnbalancedLines, 0);
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync("launch: " + problem);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT shoppers={shoppers} placed={placed} refused={refused} other={other} server_errors={serverErrors} " +
                $"wall_ms={watch.Elapsed.TotalMilliseconds:F0} placements_per_s={shoppers / watch.Elapsed.TotalSeconds:F0} " +
                $"p50_ms={Stats.Percentile(sorted, 0.50):F0} p99_ms={Stats.Percentile(sorted, 0.99):F0} " +
                $"on_hand={state.OnHand} allocated={state.Allocated} backordered={state.Backordered} orders={state.Orders} " +
                $"store_cpu_ms={(storeCpu is { } cpu ? cpu.ToString(CultureInfo.InvariantCulture) : "-")} " +
                $"cpu_ms_per_placement={(storeCpu is { } c ? (c / (double)shoppers).ToString("F1", CultureInfo.InvariantCulture) : "-")} ok={problems.Count == 0}"));
            return problems.Count == 0 ? 0 : 1;
        }
        finally
        {
            crowd.ForEach(s => s.Dispose());
        }
    }

    private static void Expect(List<string> problems, string what, int actual, int expected)
    {
        if (actual != expected)
        {
            problems.Add($"{what}: {actual}, expected {expected}");
        }
    }

    private sealed record EndState(int OnHand, int Allocated, int Backordered, int Orders, int NotPending,
        int LinesAllocated, int LinesBackordered, int OpenBackorderUnits, int UnbalancedLines);

    private static async Task<EndState> EndStateAsync(StorefrontDbContext db, int productId)
    {
        db.ChangeTracker.Clear();
        var stock = await db.Stock.AsNoTracking().SingleAsync(s => s.ProductId == productId);
        var lines = await db.OrderLines.AsNoTracking().Where(l => l.ProductId == productId)
            .Select(l => new { l.Quantity, l.AllocatedQuantity, l.BackorderedQuantity, l.ShippedQuantity, l.CancelledQuantity, l.Order!.Status })
            .ToListAsync();
        var open = await db.BackorderLines.AsNoTracking()
            .Where(b => b.ProductId == productId && b.Status == BackorderStatus.Open).SumAsync(b => b.Quantity);
        return new EndState(stock.OnHand, stock.Allocated, stock.Backordered, lines.Count,
            lines.Count(l => l.Status != OrderStatus.PendingPayment),
            lines.Sum(l => l.AllocatedQuantity), lines.Sum(l => l.BackorderedQuantity), open,
            lines.Count(l => l.Quantity != l.AllocatedQuantity + l.BackorderedQuantity + l.ShippedQuantity + l.CancelledQuantity));
    }

    /// <summary>
    /// A store that has been open a while: its code compiled, its pools filled. A few shoppers pay for
    /// orders of another product and are refused one that is sold out. Not measured.
    /// </summary>
    private static async Task WarmUpAsync(StorefrontDbContext db, Uri baseUrl)
    {
        var (inStock, slug) = await Seed.ProductAsync(db, "BENCH-L-WARM", onHand: 1000, backorderLimit: 10);
        var (soldOut, _) = await Seed.ProductAsync(db, "BENCH-L-GONE", onHand: 0, backorderLimit: 0);
        var warm = Enumerable.Range(0, 16).Select(i => new Shopper(baseUrl, Shopper.Address(4, i))).ToList();
        try
        {
            await Task.WhenAll(warm.Select(s => s.TokenAsync(slug)));
            await Task.WhenAll(warm.Select(async s =>
            {
                for (var n = 0; n < 2; n++)
                {
                    var placed = await s.PlaceOrderAsync(inStock, 1);
                    if (placed.Outcome != Outcome.Placed || !await s.PayAsync(placed.PayUrl!, "4242424242424242"))
                    {
                        throw new InvalidOperationException("The warm-up order was not placed and paid.");
                    }
                }
                if ((await s.PlaceOrderAsync(soldOut, 1)).Outcome != Outcome.Refused)
                {
                    throw new InvalidOperationException("The warm-up order of a sold-out product was not refused.");
                }
            }));
        }
        finally
        {
            warm.ForEach(s => s.Dispose());
        }
    }
}

/// <summary>
/// CPU time the store's process has used (user + system), from /proc, when the script names the
/// process in BENCH_STORE_PID: a figure that a busy machine changes much less than the wall time.
/// </summary>
internal static class StoreCpu
{
    public static long? Milliseconds()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("BENCH_STORE_PID"), out var pid) || !File.Exists($"/proc/{pid}/stat"))
        {
            return null;
        }
        // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        // Linux reports them in clock ticks of 1/100 s (USER_HZ) on every architecture .NET runs on.
        return ticks * 10;
    }
}
