using System.Text;

namespace Engine.Fuzz;

/// <summary>The <c>```json</c> blocks of a document under docs/: the examples users copy are seeds too.</summary>
internal static class DocumentationJson
{
    /// <summary>Each JSON block of the file as a seed.</summary>
    /// <param name="repository">The repository root.</param>
    /// <param name="file">The document, relative to the root.</param>
    public static IEnumerable<FuzzSeed> Blocks(string repository, string file)
    {
        string path = Path.Combine(repository, file);
        if (!File.Exists(path))
        {
            yield break;
        }

        StringBuilder? block = null;
        int index = 0;
        foreach (string line in File.ReadLines(path))
        {
            if (block is null)
            {
                if (line.Trim() == "```json")
                {
                    block = new StringBuilder();
                }
            }
            else if (line.Trim() == "```")
            {
                yield return new FuzzSeed($"{file.Replace('/', '_')}.{index++}.json", Encoding.UTF8.GetBytes(block.ToString()));
                block = null;
            }
            else
            {
                block.AppendLine(line);
            }
        }
    }
}
