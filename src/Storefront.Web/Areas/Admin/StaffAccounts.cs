using Microsoft.AspNetCore.Identity;
using Storefront.Core.Identity;

namespace Storefront.Web.Areas.Admin;

/// <summary>Creates staff accounts: the Development demo account, and admins for production.</summary>
public sealed class StaffAccounts(UserManager<StorefrontUser> users, RoleManager<IdentityRole> roles, ILogger<StaffAccounts> logger)
{
    public const string DemoEmail = "staff@storefront.test";
    public const string DemoPassword = "Staff-Demo-2026!";

    public async Task EnsureRolesAsync()
    {
        foreach (var role in new[] { Roles.Admin, Roles.Staff })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>Creates the account (or adds the role to an existing one). Returns errors, empty on success.</summary>
    public async Task<IReadOnlyList<string>> EnsureAsync(string email, string password, string role)
    {
        await EnsureRolesAsync();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new StorefrontUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return created.Errors.Select(e => e.Description).ToList();
            }
            logger.LogInformation("Created {Role} account {Email}", role, email);
        }
        if (!await users.IsInRoleAsync(user, role))
        {
            await users.AddToRoleAsync(user, role);
        }
        return [];
    }
}
