using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Storefront.Web.Areas.Admin.Pages;

public class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
