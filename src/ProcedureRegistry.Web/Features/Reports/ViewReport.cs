using MediatR;
using Microsoft.EntityFrameworkCore;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Data;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Mediation;
using ProcedureRegistry.Web.Infrastructure.Results;

namespace ProcedureRegistry.Web.Features.Reports;

/// <summary>
/// A finished report on screen: the exact HTML document that was printed to its PDF, as stored by the job (never
/// rendered again, so the screen and the PDF cannot differ). Same access as the downloads, and audited like them.
/// </summary>
public static class ViewReport
{
    /// <summary>
    /// The policy the document is served with: nothing is fetched and no script runs (no script-src, so
    /// default-src 'none' applies); its one inline stylesheet and the SVG charts' style attributes are allowed,
    /// images only as data: URIs; it may be framed by the app itself.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

    public sealed record Query(long Id) : IAudited<Result<string>>
    {
        public string AuditAction => "ViewOutcomeReport";
    }

    internal sealed class Handler(RegistryDbContext db, ClinicScope scope) : IRequestHandler<Query, Result<string>>
    {
        public async Task<Result<string>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!scope.Can(Capability.GenerateReports))
            {
                return Fail.Forbidden();
            }
            var mine = (await scope.ClinicIdsAsync(cancellationToken)).ToArray();
            var html = await db.Reports.AsNoTracking().Finished(query.Id, mine).Select(r => r.Html).SingleOrDefaultAsync(cancellationToken);
            return html is null ? Fail.NotFound() : Result.Ok(html, $"report {query.Id} html");
        }
    }
}
