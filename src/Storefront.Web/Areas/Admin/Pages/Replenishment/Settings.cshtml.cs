using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Planning;

namespace Storefront.Web.Areas.Admin.Pages.Replenishment;

public class SettingsModel(ReplenishmentReport report, PlanningSettingsService settings) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public sealed class InputModel
    {
        [Display(Name = "Service level (%)")]
        public decimal ServiceLevelPercent { get; set; }

        [Display(Name = "Waitlist conversion (%)")]
        public decimal WaitlistConversionPercent { get; set; }

        [Display(Name = "Review period (days)")]
        public int ReviewPeriodDays { get; set; }

        [Display(Name = "Default lead time (days)")]
        public int DefaultLeadTimeDays { get; set; }

        [Display(Name = "Excess beyond (days of cover)")]
        public int ExcessCoverDays { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var s = await report.SettingsAsync(ct);
        Input = new InputModel
        {
            ServiceLevelPercent = s.ServiceLevelPercent, WaitlistConversionPercent = s.WaitlistConversionPercent,
            ReviewPeriodDays = s.ReviewPeriodDays, DefaultLeadTimeDays = s.DefaultLeadTimeDays, ExcessCoverDays = s.ExcessCoverDays,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var errors = await settings.SaveAsync(new PlanningSettings
        {
            ServiceLevelPercent = Input.ServiceLevelPercent, WaitlistConversionPercent = Input.WaitlistConversionPercent,
            ReviewPeriodDays = Input.ReviewPeriodDays, DefaultLeadTimeDays = Input.DefaultLeadTimeDays, ExcessCoverDays = Input.ExcessCoverDays,
        }, User.Identity?.Name ?? "staff", ct);
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                ModelState.AddModelError("", e);
            }
            return Page();
        }
        Message = "Planning settings saved.";
        return RedirectToPage();
    }
}
