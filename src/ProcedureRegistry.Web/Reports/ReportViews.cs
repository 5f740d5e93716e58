namespace ProcedureRegistry.Web.Reports;

/// <summary>
/// Which Razor view lays out which report model. Kept beside the renderer, not on the model, so a model knows
/// nothing of how it is drawn. Register with <c>services.AddReportView&lt;TModel&gt;(path)</c>.
/// </summary>
public sealed class ReportViews
{
    private readonly Dictionary<Type, string> _paths = [];

    public ReportViews Map<TModel>(string viewPath) where TModel : IReportModel
    {
        _paths[typeof(TModel)] = viewPath;
        return this;
    }

    /// <summary>The view of <paramref name="modelType"/> (or of its nearest registered base type).</summary>
    public string PathFor(Type modelType)
    {
        for (var type = modelType; type is not null; type = type.BaseType)
        {
            if (_paths.TryGetValue(type, out var path))
            {
                return path;
            }
        }
        throw new InvalidOperationException($"No report view is registered for {modelType.Name} (services.AddReportView<{modelType.Name}>(path)).");
    }
}
