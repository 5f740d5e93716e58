using MediatR;
using Microsoft.AspNetCore.Mvc;
using ProcedureRegistry.Domain.Access;
using ProcedureRegistry.Web.Features.Patients;
using ProcedureRegistry.Web.Infrastructure.Identity;
using ProcedureRegistry.Web.Infrastructure.Results;
using ProcedureRegistry.Web.Infrastructure.Web;

namespace ProcedureRegistry.Web.Features.DataExchange;

[Route("data"), Requires(Capability.EditPatients)]
public sealed class DataExchangeController(IMediator mediator) : Controller
{
    public sealed class ImportForm
    {
        public int ClinicId { get; set; }
        public IFormFile? Patients { get; set; }
        public IFormFile? Procedures { get; set; }
        public IFormFile? PainScores { get; set; }
    }

    public sealed record PageModel(IReadOnlyList<ListMyClinics.Item> Clinics, Result<ImportCsv.Summary>? Import, int? ClinicId);

    [HttpGet("")]
    public async Task<IActionResult> Index() => View(new PageModel(await ClinicsAsync(), null, null));

    [HttpPost("import"), ImportUploadLimit]
    public async Task<IActionResult> Import(ImportForm form)
    {
        await using var patients = Open(form.Patients);
        await using var procedures = Open(form.Procedures);
        await using var painScores = Open(form.PainScores);
        var result = await mediator.Send(new ImportCsv.Command
        {
            ClinicId = form.ClinicId,
            Patients = patients,
            Procedures = procedures,
            PainScores = painScores,
        });
        if (result.IsAboutTheRecord())
        {
            return StatusCode(result.StatusCode());
        }
        var view = View(nameof(Index), new PageModel(await ClinicsAsync(), result, form.ClinicId));
        view.StatusCode = result.StatusCode();
        return view;
    }

    [HttpGet("export/{clinicId:int}/{file}")]
    public async Task<IActionResult> Export(int clinicId, string file)
    {
        ExportFile? kind = file switch
        {
            CsvFormats.PatientsFile => ExportFile.Patients,
            CsvFormats.ProceduresFile => ExportFile.Procedures,
            CsvFormats.PainScoresFile => ExportFile.PainScores,
            _ => null,
        };
        if (kind is null)
        {
            return NotFound();
        }
        var result = await mediator.Send(new ExportCsv.Query(clinicId, kind.Value));
        if (!result.Succeeded)
        {
            return StatusCode(result.StatusCode());
        }
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = result.Value!.FileName }.ToString();
        Response.Headers.CacheControl = "no-store";
        await result.Value.WriteAsync(Response.Body, HttpContext.RequestAborted);
        return new EmptyResult();
    }

    private static Stream? Open(IFormFile? file) => file is { Length: > 0 } ? file.OpenReadStream() : null;

    private async Task<IReadOnlyList<ListMyClinics.Item>> ClinicsAsync() =>
        (await mediator.Send(new ListMyClinics.Query())).Value ?? [];
}
