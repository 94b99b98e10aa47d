using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using NetVips;
using Storefront.Core.Identity;
using Storefront.Tests.Infrastructure;

namespace Storefront.Tests.Admin;

/// <summary>Staff upload product pictures: checked from their bytes, cut to the shop's sizes, served for a year.</summary>
public sealed class ProductPictures(StorefrontHost host) : IAsyncLifetime, IClassFixture<StorefrontHost>
{
    private static readonly string MediaFolder = Path.Combine(StorefrontFactory.ScratchFolder, "storefront-tests", "media-" + Guid.NewGuid().ToString("N"));

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private StorefrontFactory _app = null!;
    private ShopperSession _staff = null!;

    public async Task InitializeAsync()
    {
        _app = await host.AppForTestAsync(new StorefrontOptions
        {
            Settings = new Dictionary<string, string?> { ["Media:Path"] = MediaFolder, ["Media:MaxPixels"] = "2000000" },
        }, _clock);
        _staff = new ShopperSession(_app);
        await _staff.SignInAsNewUserAsync(_app, "clerk@storefront.test", Roles.Staff);
    }

    public Task DisposeAsync()
    {
        _staff.Dispose();
        return Task.CompletedTask;
    }

    private static byte[] Picture(int width, int height, string format)
    {
        using var image = Image.Black(width, height, bands: 3) + new double[] { 200, 90, 40 };
        using var pixels = image.Cast(Enums.BandFormat.Uchar);
        return format switch
        {
            "png" => pixels.PngsaveBuffer(),
            "webp" => pixels.WebpsaveBuffer(),
            _ => pixels.JpegsaveBuffer(),
        };
    }

    private async Task<(HttpResponseMessage Response, string Edit)> UploadAsync(int productId, byte[] bytes, string fileName)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent(await _staff.TokenAsync()), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "picture", fileName);
        var response = await _staff.Client.PostAsync($"/Admin/Products/Image/{productId}", content);
        var edit = response.StatusCode == HttpStatusCode.Redirect ? await _staff.Client.GetStringAsync(response.Headers.Location!.ToString()) : "";
        return (response, edit);
    }

    private static int Files() => Directory.Exists(MediaFolder) ? Directory.EnumerateFiles(MediaFolder).Count() : 0;

    private Task<string> ImageUrlAsync(int productId) => _app.WithDbAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.ImageUrl).SingleAsync());

    [Fact]
    public async Task AnUploadedPicture_IsServedForAYear_AndShowsOnTheProductPage()
    {
        var lamp = await _app.Data().Product("PIC-1").Named("Picture Lamp").WithSlug("picture-lamp").SaveAsync();
        var before = await _app.CreateClient().GetStringAsync("/products/picture-lamp");

        var (response, edit) = await UploadAsync(lamp.Id, Picture(1200, 900, "png"), "lamp.png");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Picture saved", edit, StringComparison.Ordinal);
        var url = await ImageUrlAsync(lamp.Id);
        Assert.Matches("^/media/images/[0-9a-f]{64}-400\\.webp$", url);
        var served = await _app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/webp", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", served.Headers.CacheControl!.ToString());
        using (var image = Image.NewFromBuffer(await served.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal((400, 300), (image.Width, image.Height));
        }
        // The cached product facts were forgotten with the save: the next page shows the picture.
        var page = await _app.CreateClient().GetStringAsync("/products/picture-lamp");
        Assert.Contains("/media/products/PIC-1.svg", before, StringComparison.Ordinal);
        Assert.Contains($"src=\"{url}\"", page, StringComparison.Ordinal);
        Assert.Contains(url.Replace("-400.webp", "-800.webp", StringComparison.Ordinal) + " 800w", page, StringComparison.Ordinal);
        Assert.Contains("width=\"400\" height=\"300\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync("/media/images/" + new string('0', 64) + "-400.webp")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync("/media/images/..%2F..%2Fappsettings.json")).StatusCode);
    }

    [Theory]
    [InlineData("jpeg", "lamp.png", "named as a PNG picture but its contents are JPEG")]
    [InlineData("png", "lamp.jpg", "named as a JPEG picture but its contents are PNG")]
    [InlineData("text", "lamp.png", "not a JPEG, PNG or WebP picture")]
    [InlineData("webp", "lamp.gif", "Name the file .jpg, .png or .webp")]
    public async Task APictureThatIsNotWhatItsNameSays_IsRefused(string kind, string fileName, string message)
    {
        var lamp = await _app.Data().Product("PIC-2").SaveAsync();
        var bytes = kind == "text" ? "<svg onload=alert(1)>"u8.ToArray() : Picture(400, 300, kind);
        var filesBefore = Files();

        var (response, edit) = await UploadAsync(lamp.Id, bytes, fileName);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(edit), StringComparison.Ordinal);
        Assert.Equal("", await ImageUrlAsync(lamp.Id));
        Assert.Equal(filesBefore, Files());
    }

    [Fact]
    public async Task APictureTooLargeInBytesOrPixels_IsRefused()
    {
        var lamp = await _app.Data().Product("PIC-3").SaveAsync();
        var padded = Picture(400, 300, "jpeg").Concat(new byte[5 * 1024 * 1024]).ToArray();

        var (bigFile, bigEdit) = await UploadAsync(lamp.Id, padded, "big.jpg");
        var (manyPixels, pixelsEdit) = await UploadAsync(lamp.Id, Picture(2000, 1500, "png"), "wide.png");

        Assert.Equal(HttpStatusCode.Redirect, bigFile.StatusCode);
        Assert.Contains("the most is 5 MB", bigEdit, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, manyPixels.StatusCode);
        Assert.Contains("2,000 × 1,500 pixels; the most is 2 million pixels", WebUtility.HtmlDecode(pixelsEdit), StringComparison.Ordinal);
        Assert.Equal("", await ImageUrlAsync(lamp.Id));
    }

    [Fact]
    public async Task RemovingThePicture_BringsBackTheDrawnOne_AndShoppersCannotUpload()
    {
        var lamp = await _app.Data().Product("PIC-4").WithSlug("pic-four").SaveAsync();
        await UploadAsync(lamp.Id, Picture(800, 600, "jpeg"), "lamp.jpeg");
        using var shopper = new ShopperSession(_app);
        await shopper.SignInAsNewUserAsync(_app, "shopper@example.test");

        var forbidden = await shopper.PostAsync($"/Admin/Products/Image/{lamp.Id}?handler=Remove", []);
        var removed = await _staff.PostAsync($"/Admin/Products/Image/{lamp.Id}?handler=Remove", []);
        var unknown = await _staff.PostAsync("/Admin/Products/Image/999999?handler=Remove", []);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("", await ImageUrlAsync(lamp.Id));
        Assert.Contains("/media/products/PIC-4.svg", await _app.CreateClient().GetStringAsync("/products/pic-four"), StringComparison.Ordinal);
    }
}
