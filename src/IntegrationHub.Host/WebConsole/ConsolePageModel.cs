using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace IntegrationHub.Host.WebConsole;

/// <summary>
/// What every console page shares: the signed-in principal, what it may do, the UI text, and actions that are checked
/// and audited (a refused action answers 403, whatever the page showed).
/// </summary>
public abstract class ConsolePageModel : PageModel
{
    /// <summary>A one-line outcome of the last action, shown once after its redirect.</summary>
    [TempData]
    public string? Notice { get; set; }

    public string Principal => User.FindFirstValue(ClaimTypes.Name) ?? "";

    public static bool Chinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    protected IStringLocalizer<ConsoleText> Text => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<ConsoleText>>();

    protected IServiceProvider Services => HttpContext.RequestServices;

    public bool Can(string scope) => Services.GetRequiredService<ConsoleMenu>().Allows(User, scope);

    /// <summary>Null when the principal holds <paramref name="scope"/>; else the audited 403 to return.</summary>
    protected IActionResult? Refuse(string scope, string action, string target)
    {
        if (Can(scope))
        {
            return null;
        }

        ConsoleAuditFilter.Note(HttpContext, Principal, action, target, $"refused: lacks {scope}", allowed: false);
        return StatusCode(StatusCodes.Status403Forbidden);
    }

    /// <summary>Notes an action done; <see cref="ConsoleAuditFilter"/> stores it once the handler has run.</summary>
    protected void Audit(string action, string target, string outcome) =>
        ConsoleAuditFilter.Note(HttpContext, Principal, action, target, outcome, allowed: true);
}
