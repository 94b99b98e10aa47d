using Microsoft.AspNetCore.Mvc.RazorPages;
using Storefront.Core.Inventory;

namespace Storefront.Web.Areas.Admin.Pages.Deliveries;

/// <summary>A page about one delivery (edit, cancel, receive): it loads the delivery or answers 404.</summary>
public abstract class DeliveryPageModel(Storefront.Core.Inventory.Deliveries deliveries) : PageModel
{
    protected Storefront.Core.Inventory.Deliveries Deliveries => deliveries;

    public InboundDelivery Delivery { get; private set; } = null!;

    /// <summary>Loads the delivery into <see cref="Delivery"/>; false when there is no such delivery.</summary>
    protected async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var delivery = await deliveries.FindAsync(id, ct);
        if (delivery is null)
        {
            return false;
        }
        Delivery = delivery;
        return true;
    }
}
