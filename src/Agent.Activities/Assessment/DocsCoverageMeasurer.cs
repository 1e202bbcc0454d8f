using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Agent.Activities.Assessment;

/// <summary>Public C# API members found and how many carry XML docs.</summary>
/// <param name="PublicMembers">Public types and members (outside test folders).</param>
/// <param name="Undocumented">Those without a <c>///</c> or <c>/** */</c> doc comment.</param>
public sealed record DocsCoverage(int PublicMembers, IReadOnlyList<UndocumentedMember> Undocumented)
{
    /// <summary>Documented ÷ public × 100 (100 when there is no public API).</summary>
    public double Percent => PublicMembers == 0 ? 100 : 100.0 * (PublicMembers - Undocumented.Count) / PublicMembers;
}

/// <summary>
/// Parses C# files with Roslyn (syntax only, no build needed) and counts the publicly visible API: public types,
/// and their public members, enum members and interface members, inside types that are public themselves.
/// Files in test folders are not API and are skipped.
/// </summary>
public sealed class DocsCoverageMeasurer
{
    /// <summary>The coverage of <paramref name="files"/>, or null when there is no C# file outside tests.</summary>
    public async Task<DocsCoverage?> MeasureAsync(string root, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var sources = files.Where(f => f.EndsWith(".cs", StringComparison.Ordinal) && !ProjectLayout.IsTestPath(f)).ToList();
        if (sources.Count == 0) return null;
        var total = 0;
        var undocumented = new List<UndocumentedMember>();
        foreach (var file in sources)
        {
            var text = await File.ReadAllTextAsync(Path.Combine(root, file), cancellationToken).ConfigureAwait(false);
            var tree = CSharpSyntaxTree.ParseText(text, CSharpParseOptions.Default.WithDocumentationMode(DocumentationMode.Parse), cancellationToken: cancellationToken);
            foreach (var member in (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false)).DescendantNodes().OfType<MemberDeclarationSyntax>())
            {
                if (!IsPublicApi(member)) continue;
                total++;
                if (!HasDocComment(member))
                    undocumented.Add(new UndocumentedMember(Describe(member), file, member.GetLocation().GetLineSpan().StartLinePosition.Line + 1));
            }
        }
        return new DocsCoverage(total, undocumented);
    }

    private static bool IsPublicApi(MemberDeclarationSyntax member)
    {
        if (member is BaseNamespaceDeclarationSyntax or GlobalStatementSyntax or IncompleteMemberSyntax) return false;
        if (!IsPublicInItsContainer(member)) return false;
        // Every containing type must be public too; namespaces do not count.
        for (var parent = member.Parent; parent is not null and not BaseNamespaceDeclarationSyntax and not CompilationUnitSyntax; parent = parent.Parent)
        {
            if (parent is MemberDeclarationSyntax container && !IsPublicInItsContainer(container)) return false;
        }
        return true;
    }

    private static bool IsPublicInItsContainer(MemberDeclarationSyntax member) => member switch
    {
        EnumMemberDeclarationSyntax => true,
        _ when member.Parent is InterfaceDeclarationSyntax => !member.Modifiers.Any(m => m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword)),
        _ => member.Modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword)),
    };

    private static bool HasDocComment(MemberDeclarationSyntax member) =>
        member.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia));

    private static string Describe(MemberDeclarationSyntax member)
    {
        var name = member switch
        {
            BaseTypeDeclarationSyntax t => t.Identifier.Text,
            DelegateDeclarationSyntax d => d.Identifier.Text,
            MethodDeclarationSyntax m => $"{m.Identifier.Text}({string.Join(", ", m.ParameterList.Parameters.Select(p => p.Type?.ToString()))})",
            ConstructorDeclarationSyntax c => $"{c.Identifier.Text}({string.Join(", ", c.ParameterList.Parameters.Select(p => p.Type?.ToString()))})",
            PropertyDeclarationSyntax p => p.Identifier.Text,
            FieldDeclarationSyntax f => string.Join(", ", f.Declaration.Variables.Select(v => v.Identifier.Text)),
            EventFieldDeclarationSyntax e => string.Join(", ", e.Declaration.Variables.Select(v => v.Identifier.Text)),
            EventDeclarationSyntax e => e.Identifier.Text,
            EnumMemberDeclarationSyntax e => e.Identifier.Text,
            IndexerDeclarationSyntax => "this[]",
            OperatorDeclarationSyntax o => $"operator {o.OperatorToken.Text}",
            ConversionOperatorDeclarationSyntax c => $"operator {c.Type}",
            _ => member.Kind().ToString(),
        };
        var containers = member.Ancestors().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.Text).Reverse();
        return string.Join('.', containers.Append(name));
    }
}
