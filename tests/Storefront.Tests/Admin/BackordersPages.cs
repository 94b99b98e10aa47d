using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Identity;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Inventory;

namespace Storefront.Tests.Admin;

public sealed class BackordersPages(StorefrontHost host) : InventoryTestBase(host)
{
    [Fact]
    public async Task QueueShowsPositionsAndTheCsvHasEveryFilteredLine()
    {
        var data = App.Data();
        var product = await data.Product("Q-1").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var other = await data.Product("Q-2").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var first = await PlacePaidOrderAsync(product.Id, 2, "first@example.test");
        var second = await PlacePaidOrderAsync(product.Id, 1, "second@example.test");
        await PlacePaidOrderAsync(other.Id, 1, "other@example.test");
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);

        var page = await session.Client.GetStringAsync("/Admin/Backorders?Sku=Q-1");
        Assert.Contains(first.Number, page, StringComparison.Ordinal);
        Assert.DoesNotContain("other@example.test", page, StringComparison.Ordinal);

        var csv = await session.Client.GetAsync("/Admin/Backorders?handler=Csv&sku=Q-1");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("sku,product,order,", rows[0], StringComparison.Ordinal);
        Assert.Equal($"Q-1,Product Q-1,{first.Number},Paid,first@example.test,2,2,2027-03-01T09:01:00Z,0,2027-03-13,2027-03-13,0,39.98,USD", rows[1]);
        Assert.Contains($"{second.Number},Paid,second@example.test,1,3,", rows[2], StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromDays(3));
        var old = await session.Client.GetStringAsync("/Admin/Backorders?handler=Csv&minAgeDays=4");
        Assert.Single(old.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

        // An age longer than the calendar reaches back lists nothing; it does not take the page down.
        var ancient = await session.Client.GetAsync("/Admin/Backorders?minAgeDays=99999999");
        Assert.Equal(System.Net.HttpStatusCode.OK, ancient.StatusCode);
        Assert.DoesNotContain(first.Number, await ancient.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Fifty-five orders dealt over two products, oldest first; every third one takes two units.</summary>
    private async Task<List<(Order Order, int ProductId, int Quantity)>> LongQueueAsync()
    {
        var data = App.Data();
        var a = await data.Product("LONG-A").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var b = await data.Product("LONG-B").OutOfStock().Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var placed = new List<(Order, int, int)>();
        for (var i = 0; i < 55; i++)
        {
            var product = i % 2 == 0 ? a.Id : b.Id;
            var quantity = i % 3 == 0 ? 2 : 1;
            placed.Add((await PlacePaidOrderAsync(product, quantity, $"long{i + 1}@example.test"), product, quantity));
        }
        return placed;
    }

    /// <summary>A queue row: its order, then (after the customer) its quantity and its position.</summary>
    private static Regex Row(string order, int quantity, int position) =>
        new($@"{Regex.Escape(order)}</a>\s*</td>\s*<td>[^<]*</td>\s*<td class=""text-end"">{quantity}</td>\s*<td class=""text-end"">{position}</td>");

    /// <summary>The order numbers a queue page lists, top to bottom.</summary>
    private static List<string> OrderNumbers(string page, IEnumerable<Order> known)
    {
        var numbers = known.Select(o => o.Number).ToHashSet();
        return [.. Regex.Matches(page, @"<a class=""text-nowrap"" href=""[^""]*"">([^<]+)</a>").Select(m => m.Groups[1].Value).Where(numbers.Contains)];
    }

    [Fact]
    public async Task TheQueueIsPagedByFifty_PageTwoStartsWithTheFiftyFirstLineAtItsQueuePosition()
    {
        var placed = await LongQueueAsync();
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);
        var units = placed.Sum(p => p.Quantity);

        var first = await session.Client.GetStringAsync("/Admin/Backorders");
        Assert.Equal(placed.Take(50).Select(p => p.Order.Number), OrderNumbers(first, placed.Select(p => p.Order)));
        Assert.Contains($"55 open lines, {units} units; page 1 of 2, oldest first; the CSV has all.", first, StringComparison.Ordinal);
        Assert.Contains("href=\"/Admin/Backorders?p=2\"", first, StringComparison.Ordinal);

        var second = await session.Client.GetStringAsync("/Admin/Backorders?p=2");
        Assert.Equal(placed.Skip(50).Select(p => p.Order.Number), OrderNumbers(second, placed.Select(p => p.Order)));
        Assert.Contains($"page 2 of 2", second, StringComparison.Ordinal);
        // The 51st line's position counts every unit of its product's queue ahead of it, all on page 1.
        var fiftyFirst = placed[50];
        var position = placed.Take(51).Where(p => p.ProductId == fiftyFirst.ProductId).Sum(p => p.Quantity);
        Assert.Matches(Row(fiftyFirst.Order.Number, fiftyFirst.Quantity, position), second);

        // A page past the end shows the last one; nonsense shows the first.
        Assert.Contains("page 2 of 2", await session.Client.GetStringAsync("/Admin/Backorders?p=99"), StringComparison.Ordinal);
        Assert.Contains("page 1 of 2", await session.Client.GetStringAsync("/Admin/Backorders?p=-3"), StringComparison.Ordinal);
        Assert.Contains("page 1 of 2", await session.Client.GetStringAsync("/Admin/Backorders?p=abc"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCsvStreamsEveryLineOfALongQueue_InQueueOrderWithThePagesPositions()
    {
        var placed = await LongQueueAsync();
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);

        using var response = await session.Client.GetAsync("/Admin/Backorders?handler=Csv", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("backorders.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        // Written as it is read: no length known up front, so none is sent.
        Assert.Null(response.Content.Headers.ContentLength);
        var rows = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Storefront.Core.Reports.BackorderReport.CsvHeader, rows[0]);
        Assert.Equal(56, rows.Length);
        var seen = new Dictionary<int, int>();
        for (var i = 0; i < placed.Count; i++)
        {
            var (order, product, quantity) = placed[i];
            var position = seen[product] = seen.GetValueOrDefault(product) + quantity;
            var fields = rows[i + 1].Split(',');
            Assert.Equal(order.Number, fields[2]);
            Assert.Equal(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[5]);
            Assert.Equal(position.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[6]);
        }
    }

    [Fact]
    public async Task SlippedAndAgeFilters_ShowPositionsInTheWholeQueue_OnThePageAndInTheCsv()
    {
        var data = App.Data();
        var product = await data.Product("SLIP-1").OutOfStock().Backorderable().WithDelivery(Today.AddDays(10), 2).RestockExpected(Today.AddDays(15)).SaveAsync();
        var covered = await PlacePaidOrderAsync(product.Id, 2, "covered@example.test");
        Clock.Advance(TimeSpan.FromDays(5));
        var later = await PlacePaidOrderAsync(product.Id, 1, "later@example.test");
        var latest = await PlacePaidOrderAsync(product.Id, 1, "latest@example.test");
        var moved = await WithAsync(sp => sp.GetRequiredService<Storefront.Core.Inventory.Deliveries>().SetRestockDateAsync(product.Id, Today.AddDays(25), "Supplier late", "buyer"));
        Assert.Equal(RestockResult.Saved, moved.Result);
        using var session = new ShopperSession(App);
        await session.SignInAsNewUserAsync(App, "staff@example.test", Roles.Staff);
        Order[] all = [covered, later, latest];

        // The delivery still covers the first order; the two behind it, on the restock date, slipped.
        var slipped = await session.Client.GetStringAsync("/Admin/Backorders?Slipped=true");
        Assert.Equal([later.Number, latest.Number], OrderNumbers(slipped, all));
        Assert.Contains("2 open lines, 2 units.", slipped, StringComparison.Ordinal);
        Assert.Matches(Row(later.Number, 1, 3), slipped);
        var slippedCsv = (await session.Client.GetStringAsync("/Admin/Backorders?handler=Csv&slipped=true")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([later.Number, latest.Number], slippedCsv.Skip(1).Select(r => r.Split(',')[2]));
        Assert.Equal(["3", "4"], slippedCsv.Skip(1).Select(r => r.Split(',')[6]));

        // Five days on, only the first order has waited five days or more.
        var old = await session.Client.GetStringAsync("/Admin/Backorders?MinAgeDays=5");
        Assert.Equal([covered.Number], OrderNumbers(old, all));
        Assert.Contains("1 open line, 2 units.", old, StringComparison.Ordinal);
        var oldCsv = (await session.Client.GetStringAsync("/Admin/Backorders?handler=Csv&minAgeDays=5")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, oldCsv.Length);
        Assert.Equal(covered.Number, oldCsv[1].Split(',')[2]);
    }
}
