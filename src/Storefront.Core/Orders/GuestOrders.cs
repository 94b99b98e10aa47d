using Microsoft.EntityFrameworkCore;
using Storefront.Core.Data;

namespace Storefront.Core.Orders;

/// <summary>
/// Orders placed as a guest join the account whose owner proved they read the mailbox the orders
/// were placed with (ADR 0023). Only ever called for a confirmed address: an account that merely
/// names an address gets nothing.
/// </summary>
public sealed class GuestOrders(StorefrontDbContext db)
{
    /// <summary>Gives the account every guest order placed with its address; one SQL command. Returns how many joined.</summary>
    public Task<int> JoinAsync(string userId, string? confirmedEmail, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(confirmedEmail))
        {
            return Task.FromResult(0);
        }
        var email = confirmedEmail.Trim().ToLower();
        return db.Orders
            .Where(o => o.UserId == null && o.Email.ToLower() == email)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.UserId, userId), ct);
    }
}
