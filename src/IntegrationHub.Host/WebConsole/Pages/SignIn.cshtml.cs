using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>Sign-in with an API key (kept nowhere: only the principal's name goes into the cookie), and sign-out.</summary>
public sealed class SignInModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? key)
    {
        var audit = HttpContext.RequestServices.GetRequiredService<ConsoleAudit>();
        var principal = string.IsNullOrEmpty(key) ? null : ConsoleAuthentication.PrincipalFor(key, HttpContext.RequestServices);
        if (principal is null)
        {
            audit.Record("(unknown)", "sign-in", "console", "refused: unknown key");
            Failed = true;
            return Page();
        }

        await HttpContext.SignInAsync(ConsoleAuthentication.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        audit.Record(principal.Identity!.Name!, "sign-in", "console", "ok");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        if (User.Identity?.Name is { } name)
        {
            HttpContext.RequestServices.GetRequiredService<ConsoleAudit>().Record(name, "sign-out", "console", "ok");
        }

        await HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        return LocalRedirect(ConsoleAuthentication.SignInPath);
    }
}
