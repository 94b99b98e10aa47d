namespace Storefront.Web.Infrastructure;

public static class ErrorPageExtensions
{
    /// <summary>Friendly pages for errors and unknown addresses; stack traces only in Development.</summary>
    public static WebApplication UseStorefrontErrorPages(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/Error");
        }
        // API callers get problem+json from their endpoints; pages get a friendly status page.
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"), branch => branch.UseStatusCodePagesWithReExecute("/Status/{0}"));
        return app;
    }
}
