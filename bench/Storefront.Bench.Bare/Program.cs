// The framework's ceiling on this machine: what ASP.NET Core serves when the app does nothing.
// bench/catalog.sh runs it with wrk in the same run as the store, and gives each page's figure as a share of it.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "Hello World!");
app.Run();
