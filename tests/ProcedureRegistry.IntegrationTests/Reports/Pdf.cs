using System.Diagnostics;
using ProcedureRegistry.IntegrationTests.Infrastructure;

namespace ProcedureRegistry.IntegrationTests.Reports;

/// <summary>Looks inside PDFs with poppler-utils (pdfinfo, pdftotext, pdftoppm), as a reader would.</summary>
public static class Pdf
{
    /// <summary>Where the tests leave PDFs and their PNGs to look at: bin/.../reports/.</summary>
    public static string OutputFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "reports")).FullName;

    public static async Task<string> SaveAsync(string name, byte[] pdf)
    {
        var path = Path.Combine(OutputFolder, name + ".pdf");
        await File.WriteAllBytesAsync(path, pdf);
        return path;
    }

    public static async Task<int> PagesAsync(string path)
    {
        var info = await RunAsync("pdfinfo", path);
        var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
        return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The text of one page (1-based), or of the whole document.</summary>
    public static Task<string> TextAsync(string path, int? page = null) =>
        page is { } p ? RunAsync("pdftotext", "-layout", "-f", $"{p}", "-l", $"{p}", path, "-") : RunAsync("pdftotext", "-layout", path, "-");

    /// <summary>Renders every page to PNG at <paramref name="dpi"/> and returns the files, page order.</summary>
    public static async Task<IReadOnlyList<string>> PngsAsync(string path, int dpi = 50)
    {
        var prefix = Path.ChangeExtension(path, null);
        foreach (var old in Directory.GetFiles(OutputFolder, Path.GetFileName(prefix) + "-*.png"))
        {
            File.Delete(old);
        }
        await RunAsync("pdftoppm", "-png", "-r", $"{dpi}", path, prefix);
        return Directory.GetFiles(OutputFolder, Path.GetFileName(prefix) + "-*.png").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The share of non-white pixels of each page (grey-scale render, PGM): 0 means a blank page.</summary>
    public static async Task<IReadOnlyList<double>> InkAsync(string path, int dpi = 30)
    {
        var prefix = Path.Combine(Path.GetTempPath(), "ink-" + Guid.NewGuid().ToString("N"));
        await RunAsync("pdftoppm", "-gray", "-r", $"{dpi}", path, prefix);
        var files = Directory.GetFiles(Path.GetDirectoryName(prefix)!, Path.GetFileName(prefix) + "-*.pgm").Order(StringComparer.Ordinal).ToList();
        try
        {
            return files.Select(f => InkOf(File.ReadAllBytes(f))).ToList();
        }
        finally
        {
            files.ForEach(File.Delete);
        }
    }

    /// <summary>Binary PGM (P5): header "P5 width height maxval" then one byte per pixel.</summary>
    private static double InkOf(byte[] pgm)
    {
        var fields = 0;
        var i = 0;
        while (fields < 4)
        {
            while (char.IsWhiteSpace((char)pgm[i]))
            {
                i++;
            }
            while (!char.IsWhiteSpace((char)pgm[i]))
            {
                i++;
            }
            fields++;
        }
        i++;
        var pixels = pgm.AsSpan(i);
        var ink = 0;
        foreach (var b in pixels)
        {
            if (b < 200)
            {
                ink++;
            }
        }
        return (double)ink / pixels.Length;
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{tool} is missing: install poppler-utils (deploy/install-prerequisites.sh).");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{tool} failed: {await error}");
            return await output;
        }
    }
}
