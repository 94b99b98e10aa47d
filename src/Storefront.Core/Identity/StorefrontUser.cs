using Microsoft.AspNetCore.Identity;

namespace Storefront.Core.Identity;

public class StorefrontUser : IdentityUser
{
    public string? DisplayName { get; set; }
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";
}
