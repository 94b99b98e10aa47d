using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Catalog;

namespace Storefront.Web.Areas.Admin.Pages.Products;

/// <summary>Uploading a product's picture, or going back to the drawn one. The form is on the Edit page.</summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public class ImageModel(ProductImages images) : PageModel
{
    /// <summary>
    /// The largest upload request read: well above <see cref="ProductImageOptions.MaxBytes"/>, so a picture
    /// somewhat too large still reaches the page and gets its message; beyond it the server answers 400.
    /// </summary>
    public const long MaxRequestBytes = 25 * 1024 * 1024;

    public IActionResult OnGet(int id) => RedirectToPage("Edit", new { id });

    public async Task<IActionResult> OnPostAsync(int id, IFormFile? picture, CancellationToken ct)
    {
        ImageUploadResult result;
        if (picture is null)
        {
            result = new(ImageUploadOutcome.Invalid, "Choose a picture to upload.");
        }
        else
        {
            await using var stream = picture.OpenReadStream();
            result = await images.UploadAsync(id, picture.FileName, stream, picture.Length, User.Identity?.Name ?? "staff", ct);
        }
        return Done(id, result, "Picture saved; the shop shows it now.");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct) =>
        Done(id, await images.RemoveAsync(id, User.Identity?.Name ?? "staff", ct), "Picture removed; the shop shows the drawn picture again.");

    private IActionResult Done(int id, ImageUploadResult result, string message)
    {
        if (result.Outcome == ImageUploadOutcome.NotFound)
        {
            return NotFound();
        }
        TempData[result.Succeeded ? "Message" : "ImageProblem"] = result.Succeeded ? message : result.Error;
        return RedirectToPage("Edit", new { id });
    }
}
