using Microsoft.EntityFrameworkCore;

namespace Storefront.Core.Data.Seeding;

/// <summary>Seeds a demo catalog into an empty database so a newcomer sees a working shop.</summary>
public sealed class DemoCatalogSeeder(StorefrontDbContext db, TimeProvider clock)
{
    public async Task SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await db.Products.AnyAsync(ct))
        {
            return;
        }
        _ = clock;
        // TODO: demo catalog (being written).
    }
}
