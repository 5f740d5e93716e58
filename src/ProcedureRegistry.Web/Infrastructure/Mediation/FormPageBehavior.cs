using MediatR;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Infrastructure.Mediation;

/// <summary>
/// What a form's page shows besides its fields: the clinics to choose from, the earlier blocks to pair with, the key to
/// scan. The form (a command that is also its page's model) holds it in properties that are never bound from the post,
/// and this fills them whenever the form goes back to its page, so that its action sends the command and nothing else.
/// </summary>
public interface IFormPage<in TForm>
{
    /// <summary>Fills the page's part of <paramref name="form"/>; false when the record the form is about cannot be shown to this user.</summary>
    Task<bool> LoadAsync(TForm form, CancellationToken cancellationToken);

    /// <summary>True for a form whose page is shown again after a success too (an import shows its summary above the form).</summary>
    bool AfterSuccess => false;
}

/// <summary>
/// Fills a refused form's page (<see cref="IFormPage{TForm}"/>), whatever refused it: the input that did not bind, a
/// validator, the handler, a database rule. It runs outermost, after the command's transaction has rolled back, so it
/// reads what is committed; the form's page shows no patient the command's audit row does not already name. When the
/// form's record cannot be shown, the refusal becomes NotFound (unless it is about the record already).
/// </summary>
public sealed class FormPageBehavior<TRequest, TResponse>(IEnumerable<IFormPage<TRequest>> pages) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var response = await next();
        foreach (var page in pages)
        {
            if (response is not Result result || (result.Succeeded && !page.AfterSuccess))
            {
                continue;
            }
            if (!await page.LoadAsync(request, cancellationToken) && !result.Succeeded && !result.IsAboutTheRecord())
            {
                return FailureOf<TResponse>.Make(Outcome.NotFound, []);
            }
        }
        return response;
    }
}
