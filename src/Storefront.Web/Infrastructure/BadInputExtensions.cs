using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Storefront.Core.Identity;
using Storefront.Web.Pages.Status;

namespace Storefront.Web.Infrastructure;

/// <summary>
/// What every page does with input it cannot use: a validation message or a 400 page, never a 500.
/// Two guards live here because no single page owns them: checkboxes posted with a value that is not
/// true/false, and the stock Identity UI pages (2FA, password reset, email confirmation, sign-out,
/// account deletion) that throw on a missing sign-in step, an undecodable code, a foreign return
/// address or a missing password.
/// </summary>
public static class BadInputExtensions
{
    public static WebApplicationBuilder AddBadInputGuards(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<MvcOptions>(o =>
        {
            o.ModelBinderProviders.Insert(0, new CheckboxBinderProvider());
            o.Filters.Add(new IdentityUiGuards());
        });
        return builder;
    }

    /// <summary>
    /// Binds bool (a checkbox) like the stock binder, but when the posted value is not a boolean it
    /// keeps the validation error and forgets the raw value: the stock checkbox tag helper converts the
    /// raw value back to bool when it re-renders the form, and "abc" made that a FormatException.
    /// </summary>
    private sealed class CheckboxBinderProvider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            context.Metadata.UnderlyingOrModelType == typeof(bool)
                ? new CheckboxBinder(new SimpleTypeModelBinder(context.Metadata.ModelType, context.Services.GetRequiredService<ILoggerFactory>()))
                : null;
    }

    private sealed class CheckboxBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (!bindingContext.Result.IsModelSet
                && bindingContext.ModelState.TryGetValue(bindingContext.ModelName, out var entry) && entry.Errors.Count > 0)
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, rawValue: null, attemptedValue: entry.AttemptedValue);
            }
        }
    }

    /// <summary>Checks, before a stock Identity UI page runs, what that page would otherwise throw on.</summary>
    /// <remarks>It runs before every page, so it asks for the sign-in manager only on the pages that need it.</remarks>
    private sealed class IdentityUiGuards : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            if (context.ActionDescriptor.AreaName == "Identity" && await ProblemAsync(context) is { } problem)
            {
                context.Result = StatusPage.BadRequest(context.HttpContext, problem);
                return;
            }
            await next();
        }

        private static async Task<string?> ProblemAsync(PageHandlerExecutingContext context)
        {
            var request = context.HttpContext.Request;
            SignInManager<StorefrontUser> SignIn() => context.HttpContext.RequestServices.GetRequiredService<SignInManager<StorefrontUser>>();
            switch (context.ActionDescriptor.ViewEnginePath)
            {
                case "/Account/LoginWith2fa" or "/Account/LoginWithRecoveryCode":
                    return await SignIn().GetTwoFactorAuthenticationUserAsync() is null
                        ? "This sign-in step has expired or was never started. Please sign in again with your email and password."
                        : null;
                case "/Account/ResetPassword" or "/Account/ConfirmEmail" or "/Account/ConfirmEmailChange"
                    when HttpMethods.IsGet(request.Method) && request.Query["code"] is [{ } code] && !IsBase64Url(code):
                    return "This link is incomplete or damaged. Open it again from the email, or ask for a new one.";
                case "/Account/ExternalLogin" when HttpMethods.IsPost(request.Method):
                    var provider = context.HandlerArguments.TryGetValue("provider", out var p) ? p as string : null;
                    var schemes = await SignIn().GetExternalAuthenticationSchemesAsync();
                    return schemes.Any(s => s.Name == provider) ? null : "This store does not offer that way of signing in.";
                case "/Account/Manage/DeletePersonalData" when HttpMethods.IsPost(request.Method)
                    && string.IsNullOrEmpty(request.HasFormContentType ? request.Form["Input.Password"].FirstOrDefault() : null):
                    // The stock page checks the password without asking whether one was typed, and throws.
                    return "Enter your password to delete your account. Nothing was deleted.";
                case "/Account/Logout":
                    // The stock page hands returnUrl to LocalRedirect, which throws on another site's address.
                    if (context.HandlerArguments.TryGetValue("returnUrl", out var url) && url is string target
                        && context.HttpContext.RequestServices.GetRequiredService<IUrlHelperFactory>().GetUrlHelper(context).IsLocalUrl(target) is false)
                    {
                        context.HandlerArguments["returnUrl"] = "~/";
                    }
                    return null;
                default:
                    return null;
            }
        }

        private static bool IsBase64Url(string code)
        {
            try
            {
                WebEncoders.Base64UrlDecode(code);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
