using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Catalog;

namespace Storefront.Tests.Admin;

/// <summary>Staff create and edit products through the Admin pages; bad input is explained and writes nothing.</summary>
public sealed class ProductsCreateAndEdit(StorefrontHost host) : AdminTestBase(host)
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<List<KeyValuePair<string, string>>> FormAsync(string sku, Action<Dictionary<string, string>>? change = null)
    {
        var category = await Data.DefaultCategoryAsync();
        var fields = new Dictionary<string, string>
        {
            ["Input.Sku"] = sku, ["Input.Name"] = "Linen Apron", ["Input.Slug"] = "", ["Input.Description"] = "A sturdy apron.",
            ["Input.CategoryId"] = Id(category.Id), ["Input.Price"] = "24.50", ["Input.Currency"] = "USD", ["Input.ImageUrl"] = "",
            ["Input.Status"] = "Active", ["Input.BackorderPolicy"] = "AllowedUpTo", ["Input.BackorderLimit"] = "10",
            ["Input.LowStockThreshold"] = "3", ["Input.ReleaseDate"] = "", ["Input.RestockDate"] = "2027-03-20",
            ["Input.RestockNote"] = "Next batch is being sewn.", ["Input.Version"] = "0",
        };
        change?.Invoke(fields);
        return fields.ToList();
    }

    private Task<int> ProductCountAsync() => App.WithDbAsync(db => db.Products.CountAsync());

    [Fact]
    public async Task CreatingAProduct_SavesEveryFieldAndAnEmptyStockRow()
    {
        var response = await Staff.PostAsync("/Admin/Products/Create", await FormAsync("APR-1"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var product = await App.WithDbAsync(db => db.Products.Include(p => p.Stock).SingleAsync(p => p.Sku == "APR-1"));
        Assert.Equal("linen-apron", product.Slug);
        Assert.Equal(2450, product.PriceAmount);
        Assert.Equal(BackorderPolicy.AllowedUpTo, product.BackorderPolicy);
        Assert.Equal(10, product.BackorderLimit);
        Assert.Equal(new DateOnly(2027, 3, 20), product.RestockDate);
        Assert.Equal(3, product.LowStockThreshold);
        Assert.NotNull(product.Stock);
        Assert.Equal(0, product.Stock!.OnHand);
    }

    [Theory]
    [InlineData("Input.Price", "abc", "is not a price")]
    [InlineData("Input.Price", "-1", "cannot be negative")]
    [InlineData("Input.Price", "1.999", "at most 2 decimals")]
    [InlineData("Input.Price", "99999999999", "cannot be more than")]
    [InlineData("Input.BackorderLimit", "", "Enter the most units that may be on backorder")]
    [InlineData("Input.BackorderLimit", "-4", "between 0 and")]
    [InlineData("Input.RestockDate", "2027-02-27", "is in the past")]
    [InlineData("Input.RestockDate", "2027-02-31", "not valid")]
    [InlineData("Input.RestockDate", "9999-12-31", "more than 5 years away")]
    [InlineData("Input.ReleaseDate", "9999-12-31", "more than 5 years away")]
    [InlineData("Input.ReleaseDate", "0001-01-01", "is too far back")]
    [InlineData("Input.LowStockThreshold", "-1", "0 or more")]
    [InlineData("Input.Sku", "", "Enter a SKU")]
    [InlineData("Input.Sku", "bad sku!", "letters, digits")]
    [InlineData("Input.Slug", "Not A Slug", "lowercase letters")]
    [InlineData("Input.ImageUrl", "javascript:alert(1)", "must start with")]
    [InlineData("Input.CategoryId", "0", "Choose a category")]
    public async Task CreatingWithABadField_ShowsTheMessageAndSavesNothing(string field, string value, string message)
    {
        var before = await ProductCountAsync();

        var response = await Staff.PostAsync("/Admin/Products/Create", await FormAsync("APR-2", f => f[field] = value));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(message), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await ProductCountAsync());
    }

    [Fact]
    public async Task TheCapIsIgnored_WhenThePolicyHasNoCap()
    {
        var response = await Staff.PostAsync("/Admin/Products/Create",
            await FormAsync("APR-3", f => { f["Input.BackorderPolicy"] = "Allowed"; f["Input.BackorderLimit"] = ""; }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await App.WithDbAsync(db => db.Products.Where(p => p.Sku == "APR-3").Select(p => p.BackorderLimit).SingleAsync()));
    }

    [Fact]
    public async Task ADuplicateSku_IsRefusedWhateverItsCase()
    {
        await Data.Product("DUP-1").SaveAsync();
        var before = await ProductCountAsync();

        var response = await Staff.PostAsync("/Admin/Products/Create", await FormAsync("dup-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("already has the SKU", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await ProductCountAsync());
    }

    [Fact]
    public async Task EditingWithARestockDateYearsAway_ChangesNoRow()
    {
        var product = await Data.Product("EDIT-9").RestockExpected(Today.AddDays(9)).SaveAsync();

        var response = await Staff.PostAsync($"/Admin/Products/Edit/{product.Id}",
            await FormAsync("EDIT-9", f => { f["Input.RestockDate"] = "9999-12-31"; f["Input.Version"] = Id(product.Version); }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("more than 5 years away", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await App.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == product.Id));
        Assert.Equal((Today.AddDays(9), product.Version), (after.RestockDate!.Value, after.Version));
    }

    [Fact]
    public async Task EditingWithABadPrice_ChangesNoRow()
    {
        var product = await Data.Product("EDIT-1").Priced(1500).SaveAsync();

        var response = await Staff.PostAsync($"/Admin/Products/Edit/{product.Id}",
            await FormAsync("EDIT-1", f => { f["Input.Price"] = "-1"; f["Input.Version"] = Id(product.Version); }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("cannot be negative", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await App.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == product.Id));
        Assert.Equal(1500, after.PriceAmount);
        Assert.Equal(product.Name, after.Name);
        Assert.Equal(product.Version, after.Version);
    }

    [Fact]
    public async Task DiscontinuingAndReactivating_IsSaved()
    {
        var product = await Data.Product("DISC-1").SaveAsync();

        var off = await Staff.PostAsync($"/Admin/Products/Edit/{product.Id}",
            await FormAsync("DISC-1", f => { f["Input.Status"] = "Discontinued"; f["Input.Version"] = Id(product.Version); }));
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        var on = await Staff.PostAsync($"/Admin/Products/Edit/{product.Id}",
            await FormAsync("DISC-1", f => { f["Input.Status"] = "Active"; f["Input.Version"] = Id(product.Version + 1); }));
        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);

        var after = await App.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == product.Id));
        Assert.Equal(ProductStatus.Active, after.Status);
        Assert.Equal(product.Version + 2, after.Version);
    }

    [Fact]
    public async Task TwoStaffEditingAtOnce_TheSecondIsToldAndTheFirstIsKept()
    {
        var product = await Data.Product("RACE-1").Priced(1000).SaveAsync();
        var loaded = Id(product.Version);

        var first = await Staff.PostAsync($"/Admin/Products/Edit/{product.Id}",
            await FormAsync("RACE-1", f => { f["Input.Name"] = "First editor's name"; f["Input.Price"] = "11.00"; f["Input.Version"] = loaded; }));
        var second = await Staff.PostAsync($"/Admin/Products/Edit/{product.Id}",
            await FormAsync("RACE-1", f => { f["Input.Name"] = "Second editor's name"; f["Input.Price"] = "99.00"; f["Input.Version"] = loaded; }));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        Assert.Contains("Someone else changed this product while you were editing", html, StringComparison.Ordinal);
        Assert.Contains("First editor&#x27;s name", html, StringComparison.Ordinal);
        Assert.Contains("$11.00", html, StringComparison.Ordinal);
        var after = await App.WithDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Id == product.Id));
        Assert.Equal("First editor's name", after.Name);
        Assert.Equal(1100, after.PriceAmount);
    }

    [Fact]
    public async Task TheServiceRefusesAStaleVersionEvenWhenTheRowChangesAfterItWasRead()
    {
        // The page's check compares versions before saving; the concurrency token guards the gap after it.
        var product = await Data.Product("RACE-2").Priced(1000).SaveAsync();
        await using var scope = App.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Storefront.Core.Data.StorefrontDbContext>();
        var editing = scope.ServiceProvider.GetRequiredService<ProductEditing>();
        var draft = ProductDraft.From(await db.Products.AsNoTracking().SingleAsync(p => p.Id == product.Id)) with { Price = "12.00" };
        db.ChangeTracker.Clear();
        var tracked = await db.Products.SingleAsync(p => p.Id == product.Id);   // read before the other save
        await App.WithDbAsync(other => other.Products.Where(p => p.Id == product.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.PriceAmount, 3000).SetProperty(p => p.Version, p => p.Version + 1)));

        var result = await editing.UpdateAsync(product.Id, draft);

        Assert.Equal(ProductSaveOutcome.Conflict, result.Outcome);
        Assert.Equal(3000, await App.WithDbAsync(o => o.Products.Where(p => p.Id == product.Id).Select(p => p.PriceAmount).SingleAsync()));
        _ = tracked;
    }
}
