using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Catalog;
using Storefront.Core.Inventory;
using Storefront.Core.Orders;
using Storefront.Tests.Infrastructure;
using Storefront.Tests.Orders;

namespace Storefront.Tests.Admin;

/// <summary>Importing and exporting the product file: dry run, idempotent apply, Shopify files, stock through the engine.</summary>
public sealed class ProductsImport(StorefrontHost host) : AdminTestBase(host)
{
    private const string Header = "sku,name,description,category,price,status,backorder_policy,backorder_cap,restock_date,on_hand";

    private async Task<ImportReport> DryRunAsync(string csv, string fileName = "products.csv")
    {
        await using var scope = App.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ProductImport>().DryRunAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), fileName);
    }

    private async Task<ImportReport> ApplyAsync(string csv, string fileName = "products.csv")
    {
        await using var scope = App.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ProductImport>().ApplyAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), fileName, "clerk@storefront.test");
    }

    private Task<string> SnapshotAsync() => App.WithDbAsync(async db =>
        string.Join(' ',
            await db.Products.CountAsync(), await db.Categories.CountAsync(), await db.StockLedger.CountAsync(),
            string.Join(',', await db.Products.OrderBy(p => p.Id).Select(p => p.Sku + ":" + p.Version + ":" + p.PriceAmount + ":" + p.CostAmount + ":" + p.UpdatedAt.Ticks).ToListAsync()),
            string.Join(',', await db.Stock.OrderBy(s => s.ProductId).Select(s => s.OnHand).ToListAsync())));

    [Fact]
    public async Task ADryRun_ListsEveryRowsProblemsWithTheirLines_AndWritesNothing()
    {
        await Data.Product("KEEP-1").Named("Kept").Priced(1000).SaveAsync();
        var before = await SnapshotAsync();
        var csv = Header + "\n"
            + "NEW-1,Lamp,Warm light,Test goods,19.99,Active,Allowed,,2027-04-01,5\n"
            + "NEW-2,Mug,,Test goods,twelve,Active,NotAllowed,,,3\n"
            + "NEW-3,Bowl,,Test goods,5.00,Sold,Sometimes,,2027-13-01,-4\n"
            + "NEW-1,Lamp again,,Test goods,1.00,Active,NotAllowed,,,1\n";

        var report = await DryRunAsync(csv);
        var applied = await ApplyAsync(csv);

        Assert.False(report.CanApply);
        Assert.Equal([3, 4, 4, 4, 4, 5], report.Problems.Select(p => p.Line).Order());
        Assert.Contains(report.Problems, p => p.Line == 3 && p.Column == "price");
        Assert.Contains(report.Problems, p => p.Line == 4 && p.Column == "status");
        Assert.Contains(report.Problems, p => p.Line == 4 && p.Column == "backorder_policy");
        Assert.Contains(report.Problems, p => p.Line == 4 && p.Column == "restock_date");
        Assert.Contains(report.Problems, p => p.Line == 4 && p.Column == "on_hand");
        Assert.Contains(report.Problems, p => p.Line == 5 && p.Message.Contains("line 2", StringComparison.Ordinal));
        Assert.False(applied.Applied);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task ImportingTheSameFileTwice_ChangesNothingTheSecondTime()
    {
        var csv = Header + "\n"
            + "IMP-1,Lamp,\"Warm, soft light\",Lighting,19.99,Active,AllowedUpTo,10,2027-04-01,5\n"
            + "IMP-2,Mug,,Kitchen,7.50,Discontinued,NotAllowed,,,0\n";

        var first = await ApplyAsync(csv);
        var afterFirst = await SnapshotAsync();
        Clock.Advance(TimeSpan.FromDays(1));
        var second = await ApplyAsync(csv);

        Assert.True(first.Applied);
        Assert.Empty(first.Problems);
        Assert.Equal(2, first.Changed);
        Assert.True(second.Applied);
        Assert.Equal(0, second.Changed);
        Assert.All(second.Rows, r => Assert.Equal(ImportAction.Unchanged, r.Action));
        Assert.Equal(afterFirst, await SnapshotAsync());
        var lamp = await App.WithDbAsync(db => db.Products.AsNoTracking().Include(p => p.Category).Include(p => p.Stock).SingleAsync(p => p.Sku == "IMP-1"));
        Assert.Equal(("Lamp", "Warm, soft light", "Lighting", 1999L, BackorderPolicy.AllowedUpTo, 10, 5),
            (lamp.Name, lamp.Description, lamp.Category!.Name, lamp.PriceAmount, lamp.BackorderPolicy, lamp.BackorderLimit!.Value, lamp.Stock!.OnHand));
    }

    private async Task<string> LastmodAsync(string slug)
    {
        var sitemap = System.Xml.Linq.XDocument.Parse(await Staff.Client.GetStringAsync("/sitemap.xml"));
        System.Xml.Linq.XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        return sitemap.Descendants(ns + "url").Single(u => u.Element(ns + "loc")!.Value.EndsWith("/products/" + slug, StringComparison.Ordinal)).Element(ns + "lastmod")!.Value;
    }

    [Fact]
    public async Task EditingAPrice_MovesTheSitemapLastmod_AndReimportingTheSameFileDoesNot()
    {
        var csv = "sku,name,price,cost_price,on_hand\nMOD-1,Desk Lamp,19.99,8.25,4\n";
        Assert.Empty((await ApplyAsync(csv)).Problems);
        var created = await LastmodAsync("desk-lamp");

        Clock.Advance(TimeSpan.FromDays(2));
        var again = await ApplyAsync(csv);
        var afterSameFile = await LastmodAsync("desk-lamp");
        Clock.Advance(TimeSpan.FromDays(2));
        var edited = await App.WithDbAsync(async db =>
        {
            var product = await db.Products.AsNoTracking().SingleAsync(p => p.Sku == "MOD-1");
            return product;
        });
        await using (var scope = App.CreateScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<ProductEditing>().UpdateAsync(edited.Id, ProductDraft.From(edited) with { Price = "21.50" });
            Assert.True(saved.Succeeded);
        }
        var afterPrice = await LastmodAsync("desk-lamp");

        Assert.Equal(0, again.Changed);
        Assert.Equal(created, afterSameFile);
        Assert.True(DateTimeOffset.Parse(afterPrice, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture), $"{created} -> {afterPrice}");
        Assert.Equal(Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), afterPrice[..10]);
    }

    [Fact]
    public async Task ACostPrice_IsImported_AndABadOneIsRefusedWithItsLine()
    {
        var good = await ApplyAsync("sku,name,price,cost_price\nCOST-1,Cheap Cup,5.00,2.40\nCOST-2,Plain Cup,5.00,\n");
        var before = await SnapshotAsync();
        var bad = await ApplyAsync("sku,cost_price\nCOST-1,1.10\nCOST-2,-3\nCOST-1B,abc\n");
        var afterBad = await SnapshotAsync();
        var kept = await ApplyAsync("sku,price\nCOST-1,6.00\n");

        Assert.Empty(good.Problems);
        Assert.False(bad.Applied);
        Assert.Contains(bad.Problems, p => (p.Line, p.Column) == (3, ProductCsv.CostPrice));
        Assert.Contains(bad.Problems, p => (p.Line, p.Column) == (4, ProductCsv.CostPrice));
        Assert.DoesNotContain(bad.Problems, p => p.Line == 2);
        Assert.Equal(before, afterBad);
        Assert.True(kept.Applied);
        var costs = await App.WithDbAsync(db => db.Products.AsNoTracking().OrderBy(p => p.Sku).Select(p => new { p.Sku, p.CostAmount, p.PriceAmount }).ToListAsync());
        Assert.Equal([("COST-1", (long?)240, 600L), ("COST-2", (long?)null, 500L)], costs.Select(c => (c.Sku, c.CostAmount, c.PriceAmount)));
    }

    [Fact]
    public async Task StockArrivingByImport_IsInTheLedger_AndFillsBackordersOldestFirst()
    {
        var lamp = await Data.Product("IMP-Q").Named("Queue Lamp").OnHand(0).Backorderable().RestockExpected(Today.AddDays(10)).SaveAsync();
        var older = await OrderScenario.PlacePaidAsync(App, (lamp.Id, 2));
        Clock.Advance(TimeSpan.FromMinutes(5));
        var newer = await OrderScenario.PlacePaidAsync(App, (lamp.Id, 2));

        var report = await ApplyAsync("sku,on_hand\nIMP-Q,3\n", "restock-march.csv");

        Assert.Equal(1, report.Changed);
        var first = await OrderScenario.LoadAsync(App, older.Id);
        var second = await OrderScenario.LoadAsync(App, newer.Id);
        Assert.Equal((2, 0), (first.Lines[0].AllocatedQuantity, first.Lines[0].BackorderedQuantity));
        Assert.Equal((1, 1), (second.Lines[0].AllocatedQuantity, second.Lines[0].BackorderedQuantity));
        var stock = await OrderScenario.StockAsync(App, lamp.Id);
        Assert.Equal((3, 3), (stock.OnHand, stock.Allocated));
        await App.WithDbAsync(async db =>
        {
            var entry = await db.StockLedger.AsNoTracking().Where(e => e.ProductId == lamp.Id).OrderByDescending(e => e.Id).FirstAsync();
            Assert.Equal(("Import restock-march.csv", 3, "clerk@storefront.test"), (entry.Reason, entry.Quantity, entry.Actor));
            Assert.Equal(stock.OnHand, await db.StockLedger.Where(e => e.ProductId == lamp.Id).SumAsync(e => e.Quantity));
        });
    }

    [Fact]
    public async Task AFileOfSeveralChunks_IsCheckedAgainstTheStoreByLine_ThenAppliedWhole_AndTheSameFileAgainChangesNothing()
    {
        await Data.Product("TAKEN-1").Named("Taken Lamp", "taken-lamp").Priced(1000).SaveAsync();
        const int rows = ProductImport.ChunkSize * 2 + 100;
        string File(int badRow) => "sku,name,slug,category,price,on_hand\n" + string.Concat(Enumerable.Range(1, rows).Select(i =>
            $"BULK-{i:D4},Bulk item {i},{(i == badRow ? "taken-lamp" : $"bulk-item-{i}")},Bulk {i % 3},{i}.50,{i % 7}\n"));
        var before = await SnapshotAsync();

        // A row deep in the file whose web address the store already uses, and a SKU the file has twice.
        var refused = await ApplyAsync(File(badRow: 550).Replace("BULK-0599,", "bulk-0001,", StringComparison.Ordinal));
        Assert.False(refused.Applied);
        Assert.Equal([(551, "slug"), (600, "sku")], refused.Problems.Select(p => (p.Line, p.Column)));
        Assert.Equal(before, await SnapshotAsync());

        var report = await ApplyAsync(File(badRow: 0), "bulk.csv");
        var afterFirst = await SnapshotAsync();
        Clock.Advance(TimeSpan.FromDays(1));
        var again = await ApplyAsync(File(badRow: 0), "bulk.csv");

        Assert.True(report.Applied);
        Assert.Empty(report.Problems);
        Assert.Equal(rows, report.Changed);
        Assert.Equal(0, again.Changed);
        Assert.Equal(afterFirst, await SnapshotAsync());
        await App.WithDbAsync(async db =>
        {
            var bulk = await db.Products.AsNoTracking().Include(p => p.Stock).Include(p => p.Category).Where(p => p.Sku.StartsWith("BULK-")).ToListAsync();
            Assert.Equal(rows, bulk.Count);
            Assert.All(bulk, p =>
            {
                var i = int.Parse(p.Sku[5..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(($"bulk-item-{i}", $"Bulk {i % 3}", i * 100 + 50L, i % 7), (p.Slug, p.Category!.Name, p.PriceAmount, p.Stock!.OnHand));
            });
            var ids = bulk.Select(p => p.Id).ToList();
            var ledger = await db.StockLedger.AsNoTracking().Where(e => ids.Contains(e.ProductId)).ToListAsync();
            Assert.Equal(bulk.Count(p => p.Stock!.OnHand > 0), ledger.Count);
            Assert.All(ledger, e => Assert.Equal(("Import bulk.csv", "clerk@storefront.test"), (e.Reason, e.Actor)));
            Assert.Equal(bulk.Sum(p => p.Stock!.OnHand), ledger.Sum(e => e.Quantity));
        });
    }

    [Fact]
    public async Task SavingManyProducts_LeavesOutTheOneSomeoneElseSaved_AndSavesTheRest()
    {
        var stale = await Data.Product("MANY-1").Named("Stale Lamp", "stale-lamp").Priced(1000).SaveAsync();
        var fresh = await Data.Product("MANY-2").Named("Fresh Lamp", "fresh-lamp").Priced(1000).SaveAsync();
        await using var scope = App.CreateScope();
        var editing = scope.ServiceProvider.GetRequiredService<ProductEditing>();
        Assert.True((await editing.UpdateAsync(stale.Id, ProductDraft.From(stale) with { Price = "11.00" })).Succeeded);
        var db = scope.ServiceProvider.GetRequiredService<Storefront.Core.Data.StorefrontDbContext>();
        db.ChangeTracker.Clear();
        (int?, ProductDraft)[] drafts =
        [
            (stale.Id, ProductDraft.From(stale) with { Price = "12.00" }),
            (fresh.Id, ProductDraft.From(fresh) with { Price = "13.00" }),
            (null, ProductDraft.From(fresh) with { Sku = "MANY-3", Slug = "fresh-lamp", Version = 0 }),
            (null, ProductDraft.From(fresh) with { Sku = "MANY-4", Name = "New Lamp", Slug = null, Version = 0 }),
        ];

        var saved = await editing.SaveManyAsync(drafts, await ProductLookups.ReadAsync(db, [.. drafts.Select(d => d.Item2)]), "clerk@storefront.test");

        Assert.Equal([ProductSaveOutcome.Conflict, ProductSaveOutcome.Saved, ProductSaveOutcome.Invalid, ProductSaveOutcome.Saved], saved.Select(r => r.Outcome));
        Assert.Contains(saved[2].Errors, e => e.Field == nameof(ProductDraft.Slug) && e.Code == ValidationCodes.Taken);
        var prices = await App.WithDbAsync(db => db.Products.AsNoTracking().Where(p => p.Sku.StartsWith("MANY-")).OrderBy(p => p.Sku).Select(p => p.Sku + ":" + p.PriceAmount + ":" + p.Slug).ToListAsync());
        Assert.Equal(["MANY-1:1100:stale-lamp", "MANY-2:1300:fresh-lamp", "MANY-4:1000:new-lamp"], prices);
    }

    [Fact]
    public async Task OnHandBelowWhatIsPromised_IsRefusedWithItsLine()
    {
        var lamp = await Data.Product("IMP-A").OnHand(5).SaveAsync();
        await OrderScenario.PlacePaidAsync(App, (lamp.Id, 4));

        var report = await ApplyAsync("sku,on_hand\nIMP-A,3\n");

        Assert.False(report.Applied);
        var problem = Assert.Single(report.Problems);
        Assert.Equal((2, "on_hand"), (problem.Line, problem.Column));
        Assert.Equal(5, (await OrderScenario.StockAsync(App, lamp.Id)).OnHand);
    }

    [Fact]
    public async Task AShopifyExport_IsReadByItsHeader_WithTheBodyAsPlainText()
    {
        var csv = "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Qty,Variant Price,Image Src\n"
            + "linen-apron,Linen Apron,\"<p>Stone-washed <strong>linen</strong>.</p><script>alert(1)</script><ul><li>Two pockets</li><li>Adjustable &amp; soft</li></ul>\",Acme,Aprons,,TRUE,Colour,Sand,APRON-SAND,300,4,24.00,https://cdn.example/a.jpg\n"
            + "linen-apron,,,,,,,,Clay,APRON-CLAY,300,2,26.00,\n"
            + "linen-apron,,,,,,,,,,,,,https://cdn.example/b.jpg\n";

        var report = await ApplyAsync(csv, "products_export_1.csv");

        Assert.Equal(ProductCsvFormat.Shopify, report.Format);
        Assert.Empty(report.Problems);
        Assert.Equal(2, report.Changed);
        var products = await App.WithDbAsync(db => db.Products.AsNoTracking().Include(p => p.Stock).Include(p => p.Category).OrderBy(p => p.Id).ToListAsync());
        Assert.Equal(["APRON-SAND", "APRON-CLAY"], products.Select(p => p.Sku));
        var sand = products[0];
        Assert.Equal(("Linen Apron", "linen-apron", "Aprons", 2400L, 4), (sand.Name, sand.Slug, sand.Category!.Name, sand.PriceAmount, sand.Stock!.OnHand));
        Assert.Equal("Stone-washed linen.\nTwo pockets\nAdjustable & soft", sand.Description);
        Assert.Equal(("Linen Apron APRON-CLAY", 2600L, 2), (products[1].Name, products[1].PriceAmount, products[1].Stock!.OnHand));
        Assert.Equal("", sand.ImageUrl);
    }

    [Fact]
    public async Task AFileThatIsNotUtf8_OrHasABadQuote_IsRefusedWithWhereAndWhy()
    {
        var latin1 = Encoding.Latin1.GetBytes("sku,name\nCAF-1,Caf\u00e9 cup\n");
        await using var scope = App.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<ProductImport>();

        var notUtf8 = await import.DryRunAsync(new MemoryStream(latin1), "latin1.csv");
        var badQuote = await DryRunAsync("sku,name,price\nQ-1,Good,1.00\nQ-2,Bad \"quote\" here,2.00\n");
        var unknown = await DryRunAsync("sku,colour\nQ-3,red\n");

        Assert.Contains("not UTF-8", Assert.Single(notUtf8.Problems).Message, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(badQuote.Problems).Line);
        Assert.Equal((1, "colour"), (Assert.Single(unknown.Problems).Line, unknown.Problems[0].Column));
        Assert.Equal(0, await App.WithDbAsync(db => db.Products.CountAsync()));
    }

    [Fact]
    public async Task TheExport_StreamsEveryProduct_EscapesFormulas_AndImportsBackUnchanged()
    {
        await Data.Product("EXP-1").Named("=HYPERLINK(\"http://evil\")").Described("Line one, with \"quotes\"\nline two").Priced(1250).SaveAsync();
        await Data.Product("EXP-2").Named("Pre-order Kettle").ReleasedOn(Today.AddDays(30)).BackorderableUpTo(7).RestockExpected(Today.AddDays(40), "Ship from the coast").SaveAsync();
        await Data.Product("EXP-3").Named("@home Mat").Discontinued().OnHand(0).SaveAsync();
        await App.WithDbAsync(db => db.Products.Where(p => p.Sku == "EXP-1").ExecuteUpdateAsync(u => u.SetProperty(p => p.CostAmount, 475L)));
        var before = await SnapshotAsync();

        var response = await Staff.Client.GetAsync("/Admin/Products/Import?handler=Export");
        var file = await response.Content.ReadAsStringAsync();
        var report = await DryRunAsync(file);
        var applied = await ApplyAsync(file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith(string.Join(',', ProductCsv.Columns) + "\r\n", file, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", file, StringComparison.Ordinal);
        Assert.Contains(",'@home Mat,", file, StringComparison.Ordinal);
        Assert.Contains(",4.75\r\n", file, StringComparison.Ordinal);
        Assert.Empty(report.Problems);
        Assert.Equal(3, report.Rows.Count);
        Assert.Equal(0, report.Changed);
        Assert.Equal(0, applied.Changed);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task ThePage_ShowsTheDryRunByLine_ThenAppliesTheCheckedFile()
    {
        var bad = Header + "\nPG-1,Lamp,,Test goods,abc,Active,NotAllowed,,,1\n";
        var good = Header + "\nPG-1,Lamp,,Test goods,9.99,Active,NotAllowed,,,1\n";

        var badPreview = await UploadAsync(bad);
        var goodPreview = await UploadAsync(good);
        var upload = System.Text.RegularExpressions.Regex.Match(goodPreview, "name=\"upload\" value=\"([0-9a-f]{64})\"").Groups[1].Value;
        var apply = await Staff.PostAsync("/Admin/Products/Import?handler=Apply", [new("upload", upload), new("fileName", "lamps.csv")]);
        var forged = await Staff.PostAsync("/Admin/Products/Import?handler=Apply", [new("upload", new string('a', 64)), new("fileName", "x.csv")]);

        Assert.Contains("1 problem found. Nothing was saved", badPreview, StringComparison.Ordinal);
        Assert.Matches("<td>2</td><td>price</td>", badPreview);
        Assert.Contains("Importing would change 1 of 1 product", goodPreview, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, apply.StatusCode);
        Assert.Contains("1 changed of 1 product", await apply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("no longer here", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await App.WithDbAsync(db => db.Products.CountAsync(p => p.Sku == "PG-1")));
        Assert.Equal("Import lamps.csv", await App.WithDbAsync(db => db.StockLedger.Select(e => e.Reason).SingleAsync()));
    }

    private async Task<string> UploadAsync(string csv)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(await Staff.TokenAsync()), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", "lamps.csv");
        var response = await Staff.Client.PostAsync("/Admin/Products/Import?handler=Preview", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
