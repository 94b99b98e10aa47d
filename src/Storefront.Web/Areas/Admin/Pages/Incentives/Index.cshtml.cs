using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Storefront.Core.Common;
using Storefront.Core.Incentives;

namespace Storefront.Web.Areas.Admin.Pages.Incentives;

public class IndexModel(IncentiveSettingsService incentives, IOptions<StoreOptions> store) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public string Currency => store.Value.Currency;

    public DateTime? UpdatedAt { get; private set; }

    public string? UpdatedBy { get; private set; }

    public class InputModel
    {
        [Display(Name = "Free shipping on backordered items")]
        public bool FreeShippingOnBackorders { get; set; }

        [Display(Name = "Give a code for the next purchase when a backorder is paid for")]
        public bool NextPurchaseEnabled { get; set; }

        [Display(Name = "Discount type")]
        public DiscountKind NextPurchaseKind { get; set; }

        [Range(0, 100_000, ErrorMessage = "The next-purchase discount must be between 0 and 100,000.")]
        [Display(Name = "Discount (amount or percent)")]
        public decimal NextPurchaseValue { get; set; }

        [Display(Name = "Valid for (days)")]
        public int NextPurchaseValidDays { get; set; }

        [Display(Name = "Send an apology code when a backorder's ETA slips")]
        public bool ApologyEnabled { get; set; }

        [Display(Name = "Discount type")]
        public DiscountKind ApologyKind { get; set; }

        [Range(0, 100_000, ErrorMessage = "The apology discount must be between 0 and 100,000.")]
        [Display(Name = "Discount (amount or percent)")]
        public decimal ApologyValue { get; set; }

        [Display(Name = "When the ETA is later than promised by more than (days)")]
        public int ApologyAfterDays { get; set; }

        [Display(Name = "Valid for (days)")]
        public int ApologyValidDays { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var s = await incentives.GetAsync(ct);
        UpdatedAt = s.UpdatedAt;
        UpdatedBy = s.UpdatedBy;
        Input = new InputModel
        {
            FreeShippingOnBackorders = s.FreeShippingOnBackorders,
            NextPurchaseEnabled = s.NextPurchaseEnabled,
            NextPurchaseKind = s.NextPurchaseKind,
            NextPurchaseValue = ToInput(s.NextPurchaseKind, s.NextPurchaseValue),
            NextPurchaseValidDays = s.NextPurchaseValidDays,
            ApologyEnabled = s.ApologyEnabled,
            ApologyKind = s.ApologyKind,
            ApologyValue = ToInput(s.ApologyKind, s.ApologyValue),
            ApologyAfterDays = s.ApologyAfterDays,
            ApologyValidDays = s.ApologyValidDays,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var next = FromInput(Input.NextPurchaseKind, Input.NextPurchaseValue, "Input.NextPurchaseValue", "next-purchase");
        var apology = FromInput(Input.ApologyKind, Input.ApologyValue, "Input.ApologyValue", "apology");
        if (!Enum.IsDefined(Input.NextPurchaseKind) || !Enum.IsDefined(Input.ApologyKind))
        {
            ModelState.AddModelError("", "Choose an amount or a percentage for each code.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var errors = await incentives.SaveAsync(new IncentiveSettings
        {
            FreeShippingOnBackorders = Input.FreeShippingOnBackorders,
            NextPurchaseEnabled = Input.NextPurchaseEnabled,
            NextPurchaseKind = Input.NextPurchaseKind,
            NextPurchaseValue = next,
            NextPurchaseValidDays = Input.NextPurchaseValidDays,
            ApologyEnabled = Input.ApologyEnabled,
            ApologyKind = Input.ApologyKind,
            ApologyValue = apology,
            ApologyAfterDays = Input.ApologyAfterDays,
            ApologyValidDays = Input.ApologyValidDays,
        }, User.Identity?.Name ?? "staff", ct);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError("", error);
            }
            return Page();
        }
        Message = "Incentives saved. They apply to orders placed and ETAs changed from now on.";
        return RedirectToPage();
    }

    private decimal ToInput(DiscountKind kind, long value) =>
        kind == DiscountKind.Percent ? value : new Money(value, Currency).ToDecimal();

    /// <summary>Staff type money in the currency's major unit ("5.00"); codes store minor units.</summary>
    private long FromInput(DiscountKind kind, decimal value, string field, string name)
    {
        var digits = kind == DiscountKind.Percent ? 0 : Money.MinorDigits(Currency);
        var scaled = value;
        for (var i = 0; i < digits; i++)
        {
            scaled *= 10m;
        }
        if (scaled != decimal.Truncate(scaled))
        {
            ModelState.AddModelError(field, kind == DiscountKind.Percent
                ? $"The {name} percentage must be a whole number."
                : $"The {name} amount has too many decimal places for {Currency}.");
            return 0;
        }
        return (long)scaled;
    }
}
