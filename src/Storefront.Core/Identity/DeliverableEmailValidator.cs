using Microsoft.AspNetCore.Identity;
using Storefront.Core.Notifications;

namespace Storefront.Core.Identity;

/// <summary>
/// An account's email must be one the mailer can send to (<see cref="EmailAddresses.IsDeliverable"/>, the
/// check checkout uses): "a,b@example.com" passes the stock [EmailAddress] check, but no order email or
/// password reset could ever reach it.
/// </summary>
public sealed class DeliverableEmailValidator : IUserValidator<StorefrontUser>
{
    public const string Code = "UndeliverableEmail";

    /// <summary>What a person is told when the address is refused (registering, the account's email).</summary>
    public const string Message = "Enter one email address we can send to, like name@example.com (no commas, names or spaces).";

    public Task<IdentityResult> ValidateAsync(UserManager<StorefrontUser> manager, StorefrontUser user) =>
        Task.FromResult(user.Email is null || EmailAddresses.IsDeliverable(user.Email)
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError
            {
                Code = Code,
                Description = Message,
            }));
}
