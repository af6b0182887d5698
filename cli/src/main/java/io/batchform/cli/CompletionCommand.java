package io.batchform.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code batchform completion bash|zsh|fish}: a shell completion script for every command and option, made from the
 * command model: picocli's generator for bash, the same script behind {@code bashcompinit} for zsh, and
 * {@link FishCompletion} for fish.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for batchform's commands and options.",
                "bash: source <(batchform completion bash)   zsh: source <(batchform completion zsh)   "
                        + "fish: batchform completion fish > ~/.config/fish/completions/batchform.fish"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh, fish }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        PrintWriter out = spec.commandLine().getOut();
        switch (shell) {
            case bash -> out.print(AutoComplete.bash("batchform", root));
            case zsh -> out.print("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
                    + AutoComplete.bash("batchform", root));
            case fish -> out.print(FishCompletion.script("batchform", root.getCommandSpec()));
        }
        out.flush();
        return 0;
    }
}
