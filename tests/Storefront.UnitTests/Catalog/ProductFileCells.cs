using System.Text;
using Storefront.Core.Catalog;

namespace Storefront.UnitTests.Catalog;

/// <summary>The product file's cell rules: formula escaping both ways, HTML to text, picture types from bytes.</summary>
public sealed class ProductFileCells
{
    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("Lamp", "Lamp")]
    [InlineData("'quoted", "'quoted")]
    [InlineData("", "")]
    public void FormulaCells_AreEscaped_AndComeBackAsTheyWere(string cell, string escaped)
    {
        Assert.Equal(escaped, ProductCsv.Escape(cell));
        Assert.Equal(cell, ProductCsv.Unescape(ProductCsv.Escape(cell)));
    }

    [Theory]
    [InlineData("<p>One</p><p>Two &amp; three</p>", "One\nTwo & three")]
    [InlineData("<script>alert(1)</script><b>Bold</b> text", "Bold text")]
    [InlineData("Line<br>break<style>p{}</style>", "Line\nbreak")]
    [InlineData("<ul><li>A</li><li>B</li></ul><img src=x onerror=alert(1)>", "A\nB")]
    [InlineData("Plain   text ", "Plain   text")]
    [InlineData("&lt;b&gt; is a tag", "<b> is a tag")]
    [InlineData("<p>Write &amp;lt; for &lt;</p>", "Write &lt; for <")]
    public void ShopifyBodies_BecomePlainText(string html, string text) => Assert.Equal(text, ProductCsv.PlainText(html));

    [Fact]
    public void ReadingAFile_ReportsRowsByTheirFirstLine_EvenAfterACellWithLineBreaks()
    {
        var csv = "sku,description\nA-1,\"two\nlines\"\nA-2,one\n";

        var file = ProductCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)));

        Assert.Empty(file.Problems);
        Assert.Equal([(2, "A-1"), (4, "A-2")], file.Rows.Select(r => (r.Line, r.Sku)));
        Assert.Equal("two\nlines", file.Rows[0].Values[ProductCsv.Description]);
    }

    [Fact]
    public void AFileWithMoreRowsThanAllowed_IsRefusedAtTheFirstRowTooMany()
    {
        var csv = new StringBuilder("sku\n");
        for (var i = 0; i <= ProductCsv.MaxRows; i++)
        {
            csv.Append("S-").Append(i).Append('\n');
        }

        var file = ProductCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())));

        Assert.Equal(ProductCsv.MaxRows + 2, Assert.Single(file.Problems).Line);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "JPEG")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "PNG")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "WebP")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 }, null)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38 }, null)]
    [InlineData(new byte[] { 0x3C, 0x73, 0x76, 0x67 }, null)]
    public void PictureTypes_AreReadFromTheBytes(byte[] bytes, string? kind) => Assert.Equal(kind, ProductImages.Sniff(bytes));
}
