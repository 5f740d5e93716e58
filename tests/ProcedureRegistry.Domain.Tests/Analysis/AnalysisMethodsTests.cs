using ProcedureRegistry.Domain.Analysis;
using ProcedureRegistry.Domain.Clinical;

namespace ProcedureRegistry.Domain.Tests.Analysis;

public sealed class AnalysisMethodsTests
{
    [Fact]
    public void The_methods_page_states_the_settings_in_use_and_every_rule()
    {
        var options = new Criterion4Options
        {
            PrimaryThreshold = ReliefThreshold.Fifty,
            SuccessReliefPercent = 30,
            Rule = new() { LikelihoodRatioThreshold = 8 },
        };
        var page = string.Join("\n", AnalysisMethods.Describe(options, belowKnee: new() { MaximumProportion = 0.2 }));
        Assert.Contains("figures at 50%, 60%, 70%, 80%, 90%, verdict at 50%", page);
        Assert.Contains("at least 30% relief", page);
        // The rule of issue 11, with the setting in use, and what changed from the rule of issue 5.
        Assert.Contains("lower 95% bound of the positive likelihood ratio (LR+) reaches E = 8.00", page);
        Assert.Contains("replaces the former rule", page);
        Assert.Contains("Begg and Greenes", page);
        Assert.Contains("the delta method", page);
        Assert.Contains("each verdict says how many were left out and why", page);
        Assert.Contains("upper bound is below 20%", page);
        Assert.Contains("Cramér's V with a 95% interval from the noncentral chi-square distribution", page);
        Assert.Contains("upper bound is below 0.4", page);
        Assert.Contains("bilateral cases occur", page);
        Assert.Contains("log-log", page);
        Assert.Contains("Hyndman & Fan definition 7", page);
    }
}
