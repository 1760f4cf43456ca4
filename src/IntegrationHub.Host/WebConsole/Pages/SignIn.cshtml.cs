using IntegrationHub.Host.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.WebConsole.Pages;

/// <summary>
/// Sign-in with an API key (kept nowhere: only the principal's name goes into the cookie) or, when configured, with
/// the OpenID Connect provider; and sign-out. Every attempt is audited.
/// </summary>
public sealed class SignInModel : PageModel
{
    private const string Target = "console";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Set when the identity provider's sign-in came back refused (<c>?failed=oidc</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "failed")]
    public string? FailedWith { get; set; }

    public bool Failed { get; private set; }

    /// <summary>Where the page sends the browser on (after an identity provider's sign-in), or null.</summary>
    public string? ContinueTo { get; private set; }

    public ConsoleOidcOptions Oidc => HttpContext.RequestServices.GetRequiredService<IOptions<ConsoleOptions>>().Value.Oidc;

    private HubAudit Audit => HttpContext.RequestServices.GetRequiredService<HubAudit>();

    private string LocalReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    public void OnGet() => Failed = FailedWith is not null;

    public async Task<IActionResult> OnPostAsync(string? key)
    {
        var principal = string.IsNullOrEmpty(key) ? null : ConsoleAuthentication.PrincipalFor(key, HttpContext.RequestServices);
        if (principal is null)
        {
            await Audit.RecordAsync(HubAudit.Unknown, "sign-in", Target, "refused: unknown key", allowed: false);
            Failed = true;
            return Page();
        }

        await HttpContext.SignInAsync(ConsoleAuthentication.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        await Audit.RecordAsync(principal.Identity!.Name!, "sign-in", Target, "ok", allowed: true);
        return LocalRedirect(LocalReturnUrl);
    }

    /// <summary>Off to the identity provider; it comes back to <see cref="ConsoleOidc.CallbackPath"/>, then to <see cref="OnGetContinue"/>.</summary>
    public IActionResult OnGetOidc()
    {
        if (!Oidc.Enabled)
        {
            return NotFound();
        }

        var next = $"{ConsoleAuthentication.SignInPath}?handler=Continue&returnUrl={Uri.EscapeDataString(LocalReturnUrl)}";
        return Challenge(new AuthenticationProperties { RedirectUri = next }, ConsoleOidc.Scheme);
    }

    /// <summary>
    /// The provider's redirect chain started on another site, so the browser holds back the SameSite=Strict session
    /// cookie until a navigation starts here: this page is that navigation.
    /// </summary>
    public void OnGetContinue() => ContinueTo = LocalReturnUrl;

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        if (User.Identity?.Name is { } name)
        {
            await Audit.RecordAsync(name, "sign-out", Target, "ok", allowed: true);
        }

        await HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        return LocalRedirect(ConsoleAuthentication.SignInPath);
    }
}
