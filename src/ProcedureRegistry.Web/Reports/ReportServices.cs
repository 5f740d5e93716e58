namespace ProcedureRegistry.Web.Reports;

public static class ReportServices
{
    /// <summary>The report renderer (<see cref="IReportRenderer"/>), its Chromium printer (one browser per app) and the Razor view renderer.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReportRenderingOptions>(configuration.GetSection(ReportRenderingOptions.Section));
        services.AddSingleton<ChromiumPdfRenderer>();
        services.AddScoped<RazorViewRenderer>();
        services.AddScoped<RazorReportRenderer>();
        services.AddScoped<IReportRenderer>(sp => sp.GetRequiredService<RazorReportRenderer>());
        services.AddSingleton(new ReportViews());
        services.AddReportView<Features.Reports.OutcomeReport>(Features.Reports.OutcomeReport.ViewPath);
        return services;
    }

    /// <summary>Lays out reports of type <typeparamref name="TModel"/> with the Razor view at <paramref name="viewPath"/>.</summary>
    public static IServiceCollection AddReportView<TModel>(this IServiceCollection services, string viewPath) where TModel : IReportModel
    {
        var views = services.Select(d => d.ImplementationInstance).OfType<ReportViews>().FirstOrDefault()
            ?? throw new InvalidOperationException("Call AddReports first.");
        views.Map<TModel>(viewPath);
        return services;
    }
}
