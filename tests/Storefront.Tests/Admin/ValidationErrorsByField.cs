using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Storefront.Core.Catalog;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Admin;

/// <summary>
/// Validation errors name their field and a code, so pages place them by field and callers branch on
/// the code; the restock rules are the same on the product form, the restock page and the API.
/// </summary>
public sealed class ValidationErrorsByField(StorefrontHost host) : AdminTestBase(host)
{
    private async Task<ProductSaveResult> CreateAsync(Func<ProductDraft, ProductDraft> change)
    {
        var category = await Data.DefaultCategoryAsync();
        await using var scope = App.CreateScope();
        var editing = scope.ServiceProvider.GetRequiredService<ProductEditing>();
        var draft = new ProductDraft { Sku = "VAL-1", Name = "Linen Apron", CategoryId = category.Id, Price = "24.50", LowStockThreshold = 3 };
        return await editing.CreateAsync(change(draft));
    }

    [Theory]
    [InlineData(nameof(ProductDraft.Price), "abc", ValidationCodes.Format)]
    [InlineData(nameof(ProductDraft.Price), "-1", ValidationCodes.OutOfRange)]
    [InlineData(nameof(ProductDraft.Price), "1.999", ValidationCodes.TooManyDecimals)]
    [InlineData(nameof(ProductDraft.Sku), "", ValidationCodes.Required)]
    [InlineData(nameof(ProductDraft.Slug), "Not A Slug", ValidationCodes.Format)]
    public async Task AProductErrorNamesItsFieldAndCode(string field, string value, string code)
    {
        var result = await CreateAsync(d => field switch
        {
            nameof(ProductDraft.Price) => d with { Price = value },
            nameof(ProductDraft.Sku) => d with { Sku = value },
            _ => d with { Slug = value },
        });

        Assert.Equal(ProductSaveOutcome.Invalid, result.Outcome);
        var error = Assert.Single(result.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
    }

    [Fact]
    public async Task ATakenSkuIsAnErrorOnTheSkuField()
    {
        await Data.Product("VAL-1").SaveAsync();

        var result = await CreateAsync(d => d);

        var error = Assert.Single(result.Errors);
        Assert.Equal((nameof(ProductDraft.Sku), ValidationCodes.Taken), (error.Field, error.Code));
    }

    [Fact]
    public void TheRestockRules_RefuseAPastDateUnlessItIsTheOneStored_AndALongNote()
    {
        var yesterday = Today.AddDays(-1);

        Assert.Equal(RestockDateRules.DateField, Assert.Single(RestockDateRules.Validate(yesterday, null, Today)).Field);
        Assert.Empty(RestockDateRules.Validate(yesterday, null, Today, stored: yesterday));
        Assert.Empty(RestockDateRules.Validate(Today, new string('n', RestockDateRules.MaxNoteLength) + "   ", Today));
        var tooLong = Assert.Single(RestockDateRules.Validate(Today, new string('n', RestockDateRules.MaxNoteLength + 1), Today));
        Assert.Equal((RestockDateRules.NoteField, ValidationCodes.TooLong), (tooLong.Field, tooLong.Code));
    }

    [Fact]
    public async Task TheRestockPage_AcceptsTheSameNoteLengthAsTheProductForm()
    {
        var product = await Data.Product("VAL-2").SaveAsync();
        var note = new string('n', 300);

        var response = await Staff.PostAsync($"/Admin/Deliveries/Restock/{Id(product.Id)}",
            [new("Input.Date", "2027-04-01"), new("Input.Note", note), new("Input.Confirmed", "true")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(note, await App.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => p.RestockNote).SingleAsync()));
    }

    [Fact]
    public async Task TheRestockPage_ShowsAPastDateNextToTheDateInput()
    {
        var product = await Data.Product("VAL-3").SaveAsync();

        var response = await Staff.PostAsync($"/Admin/Deliveries/Restock/{Id(product.Id)}",
            [new("Input.Date", "2027-02-27"), new("Input.Note", ""), new("Input.Confirmed", "true")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var span = html.IndexOf("data-valmsg-for=\"Input.Date\"", StringComparison.Ordinal);
        Assert.True(span >= 0, "the date input has its message span");
        Assert.Contains("is in the past", html[span..html.IndexOf("</span>", span, StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Null(await App.WithDbAsync(db => db.Products.Where(p => p.Id == product.Id).Select(p => p.RestockDate).SingleAsync()));
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
