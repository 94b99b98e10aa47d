using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;
using Storefront.Core.Inventory;
using Storefront.Core.Planning;

namespace Storefront.Web.Areas.Admin.Pages.PurchaseOrders;

/// <summary>Purchase orders, newest first, 50 a page, with what each still brings.</summary>
public class IndexModel(StorefrontDbContext db) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(int Id, string Number, string Supplier, PurchaseOrderStatus Status, DateTime CreatedAt, int Lines, int Ordered, int Received, int Outstanding, DateOnly? NextExpected);

    [BindProperty(SupportsGet = true)]
    public PurchaseOrderStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Orders { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Set<PurchaseOrder>().AsNoTracking().Where(p => Status == null || p.Status == Status);
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Orders = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(p => new Row(p.Id, p.Number, p.Supplier!.Name, p.Status, p.CreatedAt, p.Lines.Count,
                p.Lines.Sum(l => l.Quantity), p.Lines.Sum(l => l.ReceivedQuantity),
                p.Lines.Where(l => l.Status == DeliveryStatus.Scheduled).Sum(l => l.Quantity - l.ReceivedQuantity),
                p.Lines.Where(l => l.Status == DeliveryStatus.Scheduled).Min(l => (DateOnly?)l.ExpectedDate)))
            .ToListAsync(ct);
    }
}
