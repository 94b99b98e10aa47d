using Storefront.Core.Identity;

namespace Storefront.Web.Areas.Admin;

/// <summary>
/// `dotnet Storefront.Web.dll create-admin EMAIL` creates (or promotes) an admin and exits.
/// The password is read from STOREFRONT_ADMIN_PASSWORD, or from standard input, never the command line.
/// </summary>
public static class CreateAdminCommand
{
    public const string Verb = "create-admin";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args.Length < 2 || !args[1].Contains('@', StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("Usage: Storefront.Web create-admin EMAIL   (password from STOREFRONT_ADMIN_PASSWORD or stdin)");
            return 2;
        }
        var password = Environment.GetEnvironmentVariable("STOREFRONT_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            await Console.Out.WriteAsync("Password: ");
            password = (await Console.In.ReadLineAsync())?.Trim();
        }
        if (string.IsNullOrEmpty(password))
        {
            await Console.Error.WriteLineAsync("A password is required.");
            return 2;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var errors = await scope.ServiceProvider.GetRequiredService<StaffAccounts>().EnsureAsync(args[1], password, Roles.Admin);
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync(error);
        }
        if (errors.Count == 0)
        {
            await Console.Out.WriteLineAsync($"{args[1]} is an admin.");
        }
        return errors.Count == 0 ? 0 : 1;
    }
}
