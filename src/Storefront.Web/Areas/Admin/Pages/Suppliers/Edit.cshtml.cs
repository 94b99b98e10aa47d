using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Suppliers;

namespace Storefront.Web.Areas.Admin.Pages.Suppliers;

/// <summary>Adds a supplier or changes its name, contact and stated lead time; names stay unique whatever their case.</summary>
public class EditModel(StorefrontDbContext db, TimeProvider clock) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the supplier's name."), StringLength(Supplier.NameMaxLength)]
        public string? Name { get; set; }

        [StringLength(Supplier.ContactMaxLength)]
        public string? Contact { get; set; }

        [Range(0, Supplier.MaxLeadTimeDays), Display(Name = "Stated lead time (days)")]
        public int? LeadTimeDays { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public int? Id { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (id is { } existing)
        {
            var supplier = await db.Suppliers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == existing, ct);
            if (supplier is null)
            {
                return NotFound();
            }
            (Id, Input) = (existing, new InputModel { Name = supplier.Name, Contact = supplier.Contact, LeadTimeDays = supplier.LeadTimeDays });
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Id = id;
        var supplier = id is { } existing ? await db.Suppliers.FirstOrDefaultAsync(s => s.Id == existing, ct) : null;
        if (id is not null && supplier is null)
        {
            return NotFound();
        }
        if (SupplierDirectory.ValidateName(Input.Name) is { } nameError)
        {
            ModelState.AddModelError("Input.Name", nameError);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var name = Input.Name!.Trim();
        var key = name.ToUpperInvariant();
        if (await db.Suppliers.AnyAsync(s => s.Name.ToUpper() == key && s.Id != (id ?? 0), ct))
        {
            ModelState.AddModelError("Input.Name", $"There is already a supplier called {name}.");
            return Page();
        }
        if (supplier is null)
        {
            supplier = new Supplier { Name = name, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Suppliers.Add(supplier);
        }
        supplier.Name = name;
        supplier.Contact = Input.Contact?.Trim() ?? "";
        supplier.LeadTimeDays = Input.LeadTimeDays;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two staff adding the same name at once: the unique index decides.
            ModelState.AddModelError("Input.Name", $"There is already a supplier called {name}.");
            return Page();
        }
        TempData["Message"] = $"Supplier {name} saved.";
        return RedirectToPage("Index");
    }
}
