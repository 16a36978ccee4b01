<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ConfigEditor</name>
    <message>
        <source>Paste or write a run.toml here, or open one.</source>
        <translation>Hier eine run.toml einfügen oder schreiben, oder eine öffnen.</translation>
    </message>
    <message>
        <source>The config is empty.</source>
        <translation>Die Konfiguration ist leer.</translation>
    </message>
    <message>
        <source>✓ Valid run config</source>
        <translation>✓ Gültige Laufkonfiguration</translation>
    </message>
    <message>
        <source>✗ Not a valid run config</source>
        <translation>✗ Keine gültige Laufkonfiguration</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
</context>
<context>
    <name>EmbeddingsPanel</name>
    <message>
        <source>Could not read the expansion: %1</source>
        <translation>Die Erweiterung konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Open Expansion…</source>
        <translation>Erweiterung öffnen…</translation>
    </message>
    <message>
        <source>Open a folder written by ipt vocab expand (expansion.json, report.json)</source>
        <translation>Einen von ipt vocab expand geschriebenen Ordner öffnen (expansion.json, report.json)</translation>
    </message>
    <message>
        <source>Expansion:</source>
        <translation>Erweiterung:</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Piece</source>
        <translation>Stück</translation>
    </message>
    <message>
        <source>Frequency</source>
        <translation>Häufigkeit</translation>
    </message>
    <message>
        <source>Held-out</source>
        <translation>Zurückgehalten</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Cosine to Mean</source>
        <translation>Kosinus zu Mean</translation>
    </message>
    <message>
        <source>Norm</source>
        <translation>Norm</translation>
    </message>
    <message>
        <source>Nearest source tokens (cosine)</source>
        <translation>Nächste Quell-Tokens (Kosinus)</translation>
    </message>
    <message>
        <source>PC 1</source>
        <translation>HK 1</translation>
    </message>
    <message>
        <source>PC 2</source>
        <translation>HK 2</translation>
    </message>
    <message>
        <source>PCA of the embeddings, method:</source>
        <translation>PCA der Einbettungen, Methode:</translation>
    </message>
    <message>
        <source>Norm of the new embeddings</source>
        <translation>Norm der neuen Einbettungen</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>Neue Tokens</translation>
    </message>
    <message>
        <source>Open Expansion Folder</source>
        <translation>Erweiterungsordner öffnen</translation>
    </message>
    <message>
        <source>Still reading an expansion; try again in a moment.</source>
        <translation>Eine Erweiterung wird noch gelesen; gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <source>Reading expansion</source>
        <translation>Erweiterung wird gelesen</translation>
    </message>
    <message>
        <source>%1 new tokens (vocabulary %2 → %3), methods: %4</source>
        <translation>%1 neue Tokens (Vokabular %2 → %3), Methoden: %4</translation>
    </message>
    <message>
        <source>; source model %1</source>
        <translation>; Quellmodell %1</translation>
    </message>
    <message>
        <source>. No report.json yet: run ipt vocab report to see neighbours, PCA and norms.</source>
        <translation>. Noch keine report.json: ipt vocab report ausführen, um Nachbarn, PCA und Normen zu sehen.</translation>
    </message>
    <message>
        <source>Read %1</source>
        <translation>%1 gelesen</translation>
    </message>
    <message>
        <source>source tokens</source>
        <translation>Quell-Tokens</translation>
    </message>
    <message>
        <source>new tokens</source>
        <translation>neue Tokens</translation>
    </message>
    <message>
        <source>dashed: mean source norm %1</source>
        <translation>gestrichelt: mittlere Quellnorm %1</translation>
    </message>
    <message>
        <source>No speed-up measured yet</source>
        <translation>Noch keine Beschleunigung gemessen</translation>
    </message>
    <message>
        <source>Tokens per character</source>
        <translation>Tokens pro Zeichen</translation>
    </message>
    <message>
        <source>Tokens per word</source>
        <translation>Tokens pro Wort</translation>
    </message>
    <message>
        <source>Generated tokens/s</source>
        <translation>Generierte Tokens/s</translation>
    </message>
    <message>
        <source>Encoded tokens/s</source>
        <translation>Kodierte Tokens/s</translation>
    </message>
    <message>
        <source>source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>expanded</source>
        <translation>erweitert</translation>
    </message>
    <message>
        <source>Sequences are %1% shorter with the expanded tokenizer (%2 → %3 tokens on %4 characters).</source>
        <translation>Mit dem erweiterten Tokenizer sind Sequenzen %1% kürzer (%2 → %3 Tokens auf %4 Zeichen).</translation>
    </message>
    <message>
        <source>Speed-up: %1%.</source>
        <translation>Beschleunigung: %1%.</translation>
    </message>
    <message>
        <source>Speed-up on the same work: both models process the same held-out characters, each through its own tokenizer, as a generation of that text would (a prefill of the first quarter of the tokens, then one decoding step per token with the text&apos;s own token fed back: teacher forcing). Speed-up = source seconds per character / expanded seconds per character - 1, from the medians of repeated timings (the two models alternating); the range is the lowest and highest repeat.
Token reduction: how many fewer tokens the expanded tokenizer needs for the whole held-out text. At equal per-token cost the timed text&apos;s token counts predict a speed-up of source tokens / expanded tokens - 1.
Per-token cost ratio: expanded / source seconds per token, generating a fixed number of tokens from prompts of equal length; a few new vocabulary rows should leave it near 1.</source>
        <translation>Beschleunigung bei gleicher Arbeit: Beide Modelle verarbeiten dieselben zurückgehaltenen Zeichen, jedes mit seinem eigenen Tokenizer, so wie eine Generierung dieses Textes es täte (ein Prefill des ersten Viertels der Tokens, dann ein Dekodierschritt pro Token, wobei das Token des Textes selbst zurückgegeben wird: Teacher Forcing). Beschleunigung = Sekunden pro Zeichen der Quelle / Sekunden pro Zeichen des erweiterten Modells - 1, aus den Medianen wiederholter Messungen (die beiden Modelle abwechselnd); der Bereich ist die niedrigste und höchste Wiederholung.
Token-Reduktion: wie viel weniger Tokens der erweiterte Tokenizer für den ganzen zurückgehaltenen Text braucht. Bei gleichen Kosten pro Token sagen die Token-Zahlen des gemessenen Textes eine Beschleunigung von Quell-Tokens / erweiterte Tokens - 1 voraus.
Kostenverhältnis pro Token: Sekunden pro Token erweitert / Quelle, beim Generieren einer festen Zahl von Tokens aus Prompts gleicher Länge; einige neue Vokabularzeilen sollten es nahe 1 lassen.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Target text</source>
        <translation>Zieltext</translation>
    </message>
    <message>
        <source>Source-language text</source>
        <translation>Text der Quellsprache</translation>
    </message>
    <message>
        <source>Held-out loss per character before any adaptation: the negative log-likelihood of the held-out text, each token predicted from the text&apos;s start, summed and divided by the text&apos;s characters, in bits (log base 2). Per character, not per token, so that the source model and the expanded models compare although their tokenizers cut the text differently. Lower is better.</source>
        <translation>Verlust pro Zeichen auf zurückgehaltenem Text vor jeder Anpassung: die negative Log-Likelihood des zurückgehaltenen Textes, jedes Token vom Textanfang aus vorhergesagt, summiert und durch die Zeichen des Textes geteilt, in Bit (Logarithmus zur Basis 2). Pro Zeichen, nicht pro Token, damit Quellmodell und erweiterte Modelle vergleichbar sind, obwohl ihre Tokenizer den Text verschieden zerlegen. Niedriger ist besser.</translation>
    </message>
    <message>
        <source>On the target-language text: how good each initialisation is as a starting point.</source>
        <translation>Auf dem Text der Zielsprache: wie gut jede Initialisierung als Ausgangspunkt ist.</translation>
    </message>
    <message>
        <source>On source-language text: what the expansion costs there (the new rows take probability mass).</source>
        <translation>Auf Text der Quellsprache: was die Erweiterung dort kostet (die neuen Zeilen nehmen Wahrscheinlichkeitsmasse).</translation>
    </message>
    <message>
        <source>Target text (%1)</source>
        <translation>Zieltext (%1)</translation>
    </message>
    <message>
        <source>Source-language text (%1)</source>
        <translation>Text der Quellsprache (%1)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Tokens/s, same text</source>
        <translation>Tokens/s, gleicher Text</translation>
    </message>
    <message>
        <source>Speed-up on the same text: %1%</source>
        <translation>Beschleunigung auf demselben Text: %1 %</translation>
    </message>
    <message>
        <source> (median of %1 repeats, %2% to %3%)</source>
        <translation> (Median von %1 Wiederholungen, %2 % bis %3 %)</translation>
    </message>
    <message>
        <source>The timed text&apos;s token counts alone predict %1%.</source>
        <translation>Die Token-Zahlen des gemessenen Textes allein sagen %1 % voraus.</translation>
    </message>
    <message>
        <source>Per-token cost, expanded / source: %1.</source>
        <translation>Kosten pro Token, erweitert / Quelle: %1.</translation>
    </message>
</context>
<context>
    <name>EndpointSettingsForm</name>
    <message>
        <source>The server&apos;s OpenAI-compatible API: vLLM, SGLang, TGI, llama.cpp&apos;s server or ipt serve</source>
        <translation>Die OpenAI-kompatible API des Servers: vLLM, SGLang, TGI, der Server von llama.cpp oder ipt serve</translation>
    </message>
    <message>
        <source>The served model&apos;s name, as the server lists it</source>
        <translation>Der Name des bereitgestellten Modells, wie der Server ihn auflistet</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Auflisten</translation>
    </message>
    <message>
        <source>Ask the server which models it serves</source>
        <translation>Den Server fragen, welche Modelle er bereitstellt</translation>
    </message>
    <message>
        <source>The name of an environment variable that holds the API key; the key itself is never stored</source>
        <translation>Der Name einer Umgebungsvariablen, die den API-Schlüssel enthält; der Schlüssel selbst wird nie gespeichert</translation>
    </message>
    <message>
        <source>Requests in flight at most</source>
        <translation>Höchstens gleichzeitig laufende Anfragen</translation>
    </message>
    <message>
        <source>Attempts after a failed one (no answer, timeout, 429, 5xx), with a pause doubled each time</source>
        <translation>Versuche nach einem gescheiterten (keine Antwort, Zeitüberschreitung, 429, 5xx), mit jedes Mal verdoppelter Pause</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Seconds to wait for the connection and for each piece of the answer</source>
        <translation>Sekunden, die auf die Verbindung und auf jedes Stück der Antwort gewartet wird</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>Basis-URL:</translation>
    </message>
    <message>
        <source>Model name:</source>
        <translation>Modellname:</translation>
    </message>
    <message>
        <source>API key variable:</source>
        <translation>Variable des API-Schlüssels:</translation>
    </message>
    <message>
        <source>Concurrency:</source>
        <translation>Parallelität:</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>Wiederholungen:</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Zeitlimit:</translation>
    </message>
    <message>
        <source>Could not list the endpoint&apos;s models: %1</source>
        <translation>Die Modelle des Endpunkts konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>Listing models</source>
        <translation>Modelle auflisten</translation>
    </message>
    <message>
        <source>set</source>
        <translation>gesetzt</translation>
    </message>
    <message>
        <source>not set: no key is sent</source>
        <translation>nicht gesetzt: es wird kein Schlüssel gesendet</translation>
    </message>
</context>
<context>
    <name>ExpansionLaunchDialog</name>
    <message>
        <source>Expand Vocabulary</source>
        <translation>Vokabular erweitern</translation>
    </message>
    <message>
        <source>source Hugging Face model folder</source>
        <translation>Hugging-Face-Modellordner der Quelle</translation>
    </message>
    <message>
        <source>the model folder&apos;s</source>
        <translation>der des Modellordners</translation>
    </message>
    <message>
        <source>target-language text: .txt or .jsonl</source>
        <translation>Text der Zielsprache: .txt oder .jsonl</translation>
    </message>
    <message>
        <source>k: the target language&apos;s most frequent new pieces added to the source tokenizer</source>
        <translation>k: die häufigsten neuen Einträge der Zielsprache, die dem Quell-Tokenizer hinzugefügt werden</translation>
    </message>
    <message>
        <source>Also write the adaptation (LAPT) data and configs</source>
        <translation>Auch die Anpassungsdaten (LAPT) und Konfigurationen schreiben</translation>
    </message>
    <message>
        <source>the folder&apos;s name</source>
        <translation>der Name des Ordners</translation>
    </message>
    <message>
        <source>Source model:</source>
        <translation>Quellmodell:</translation>
    </message>
    <message>
        <source>Source Model</source>
        <translation>Quellmodell</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>Tokenizer:</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <source>Tokenizers (tokenizer.json *.model);;All files (*)</source>
        <translation>Tokenizer (tokenizer.json *.model);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Target corpus:</source>
        <translation>Zielkorpus:</translation>
    </message>
    <message>
        <source>Target Corpus</source>
        <translation>Zielkorpus</translation>
    </message>
    <message>
        <source>Corpora (*.txt *.jsonl);;All files (*)</source>
        <translation>Korpora (*.txt *.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>New tokens:</source>
        <translation>Neue Tokens:</translation>
    </message>
    <message>
        <source>Initialisations:</source>
        <translation>Initialisierungen:</translation>
    </message>
    <message>
        <source>Expansion folder:</source>
        <translation>Erweiterungsordner:</translation>
    </message>
    <message>
        <source>Expansion Folder</source>
        <translation>Erweiterungsordner</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>Laufname:</translation>
    </message>
    <message>
        <source>Source model: choose a model folder.</source>
        <translation>Quellmodell: einen Modellordner wählen.</translation>
    </message>
    <message>
        <source>Source model: %1 has no config.json.</source>
        <translation>Quellmodell: %1 hat keine config.json.</translation>
    </message>
    <message>
        <source>Tokenizer: %1 is not a file.</source>
        <translation>Tokenizer: %1 ist keine Datei.</translation>
    </message>
    <message>
        <source>Target corpus: choose the target-language text.</source>
        <translation>Zielkorpus: den Text der Zielsprache wählen.</translation>
    </message>
    <message>
        <source>Target corpus: %1 is not a file.</source>
        <translation>Zielkorpus: %1 ist keine Datei.</translation>
    </message>
    <message>
        <source>Initialisations: choose at least one method.</source>
        <translation>Initialisierungen: mindestens eine Methode wählen.</translation>
    </message>
    <message>
        <source>Expansion folder: give where the expansion goes.</source>
        <translation>Erweiterungsordner: angeben, wohin die Erweiterung kommt.</translation>
    </message>
    <message>
        <source>Expansion folder: %1 is not empty.</source>
        <translation>Erweiterungsordner: %1 ist nicht leer.</translation>
    </message>
</context>
<context>
    <name>FlagCommand</name>
    <message numerus="yes">
        <source>Flag %n record(s)</source>
        <translation>
            <numerusform>%n Datensatz markieren</numerusform>
            <numerusform>%n Datensätze markieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unflag %n record(s)</source>
        <translation>
            <numerusform>Markierung von %n Datensatz aufheben</numerusform>
            <numerusform>Markierung von %n Datensätzen aufheben</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GenerationSettingsForm</name>
    <message>
        <source>Generation stops after this many new tokens at the latest</source>
        <translation>Die Generierung endet spätestens nach so vielen neuen Tokens</translation>
    </message>
    <message>
        <source>Greedy (most likely token)</source>
        <translation>Greedy (wahrscheinlichstes Token)</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <source>Below 1 sharpens the distribution, above 1 flattens it</source>
        <translation>Unter 1 schärft die Verteilung, über 1 flacht sie ab</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Sample among the k most likely tokens</source>
        <translation>Aus den k wahrscheinlichsten Tokens ziehen</translation>
    </message>
    <message>
        <source>Sample among the most likely tokens that together hold this probability mass (1: off)</source>
        <translation>Aus den wahrscheinlichsten Tokens ziehen, die zusammen diese Wahrscheinlichkeitsmasse haben (1: aus)</translation>
    </message>
    <message>
        <source>Above 1 discourages tokens already in the text (1: off)</source>
        <translation>Über 1 werden Tokens, die schon im Text vorkommen, benachteiligt (1: aus)</translation>
    </message>
    <message>
        <source>The same seed and settings give the same text</source>
        <translation>Gleicher Seed und gleiche Einstellungen ergeben denselben Text</translation>
    </message>
    <message>
        <source>e.g. &lt;/END&gt;, \n\n</source>
        <translation>z. B. &lt;/END&gt;, \n\n</translation>
    </message>
    <message>
        <source>Comma-separated; write \n for a newline and \, for a comma</source>
        <translation>Durch Kommas getrennt; \n steht für einen Zeilenumbruch, \, für ein Komma</translation>
    </message>
    <message>
        <source>Stop at end of sequence</source>
        <translation>Am Sequenzende anhalten</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>Max. neue Tokens:</translation>
    </message>
    <message>
        <source>Decoding:</source>
        <translation>Dekodierung:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperatur:</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Repetition penalty:</source>
        <translation>Wiederholungsstrafe:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Stop strings:</source>
        <translation>Stoppzeichenketten:</translation>
    </message>
    <message>
        <source>Stop strings need a tokenizer (tokenizer.json or tokenizer.model)</source>
        <translation>Stoppzeichenketten brauchen einen Tokenizer (tokenizer.json oder tokenizer.model)</translation>
    </message>
    <message>
        <source>A completions server always stops at the end of sequence; the API has no setting for it</source>
        <translation>Ein Completions-Server hält immer am Sequenzende an; die API hat dafür keine Einstellung</translation>
    </message>
</context>
<context>
    <name>HistogramView</name>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
</context>
<context>
    <name>JobLauncher</name>
    <message>
        <source>Synthesizing %1</source>
        <translation>Synthetisiere %1</translation>
    </message>
    <message>
        <source>Expanding the vocabulary for %1</source>
        <translation>Erweitere das Vokabular für %1</translation>
    </message>
    <message>
        <source>%1 is still running</source>
        <translation>%1 läuft noch</translation>
    </message>
    <message>
        <source>; filed as %1</source>
        <translation>; abgelegt als %1</translation>
    </message>
</context>
<context>
    <name>JobStatusArea</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>Den laufenden Auftrag abbrechen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>JobsList</name>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Cancel Job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <source>Cancel the selected running job</source>
        <translation>Den ausgewählten laufenden Auftrag abbrechen</translation>
    </message>
    <message>
        <source>Clear Finished</source>
        <translation>Beendete entfernen</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>Started at %1</source>
        <translation>Gestartet um %1</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>LaunchDialog</name>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Run name: %1</source>
        <translation>Laufname: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Model Playground</source>
        <translation>Modell-Spielwiese</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Model Folder…</source>
        <translation>Modellordner ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Status Bar</source>
        <translation>&amp;Statusleiste</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About IPT Workbench</source>
        <translation>Ü&amp;ber IPT Workbench</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>About IPT Workbench</source>
        <translation>Über IPT Workbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;IPT Workbench %1&lt;/h3&gt;&lt;p&gt;A workbench for Instruction Pre-Training and vocabulary expansion: synthesize instruction–response pairs, train and adapt language models, and compare the results.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and LibTorch.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;IPT Workbench %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank für Instruction Pre-Training und Vokabularerweiterung: Anweisungs-Antwort-Paare synthetisieren, Sprachmodelle trainieren und anpassen und die Ergebnisse vergleichen.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2 und LibTorch.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>Einbettungen</translation>
    </message>
    <message>
        <source>Open &amp;Workspace…</source>
        <translation>&amp;Arbeitsbereich öffnen…</translation>
    </message>
    <message>
        <source>Recent Wor&amp;kspaces</source>
        <translation>Letzte Arbeitsbe&amp;reiche</translation>
    </message>
    <message>
        <source>Re&amp;load Workspace</source>
        <translation>Arbeitsbereich neu &amp;laden</translation>
    </message>
    <message>
        <source>Open Run &amp;Config…</source>
        <translation>Lauf&amp;konfiguration öffnen…</translation>
    </message>
    <message>
        <source>&amp;Add Run Directory…</source>
        <translation>Laufverzeichnis &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Import lm-eval Results…</source>
        <translation>lm-eval-Ergebnisse &amp;importieren…</translation>
    </message>
    <message>
        <source>Open &amp;Expansion…</source>
        <translation>&amp;Erweiterung öffnen…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Ein&amp;stellungen…</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>The workspace %1 is not a folder.</source>
        <translation>Der Arbeitsbereich %1 ist kein Ordner.</translation>
    </message>
    <message>
        <source>Could not open the workspace %1: %2</source>
        <translation>Der Arbeitsbereich %1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Opened workspace %1</source>
        <translation>Arbeitsbereich %1 geöffnet</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>Indexing workspace</source>
        <translation>Arbeitsbereich wird indiziert</translation>
    </message>
    <message>
        <source>The new language takes effect when the workbench is started again.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start der Werkbank.</translation>
    </message>
    <message>
        <source>IPT Workbench</source>
        <translation>IPT Workbench</translation>
    </message>
    <message>
        <source>Recent Run Con&amp;figs</source>
        <translation>Letzte Laufkonfi&amp;gurationen</translation>
    </message>
    <message>
        <source>Recent E&amp;xpansions</source>
        <translation>Letzte Er&amp;weiterungen</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>Paare</translation>
    </message>
    <message>
        <source>&amp;Pairs</source>
        <translation>&amp;Paare</translation>
    </message>
    <message>
        <source>Open &amp;Pairs File…</source>
        <translation>&amp;Paardatei öffnen…</translation>
    </message>
    <message>
        <source>Synthesis</source>
        <translation>Synthese</translation>
    </message>
    <message>
        <source>Create a Workspace?</source>
        <translation>Arbeitsbereich anlegen?</translation>
    </message>
    <message>
        <source>%1 is not a workspace yet (it has no workspace.db).

Create a workspace in this folder?</source>
        <translation>%1 ist noch kein Arbeitsbereich (es gibt keine workspace.db).

In diesem Ordner einen Arbeitsbereich anlegen?</translation>
    </message>
    <message>
        <source>%1 is not a workspace; nothing was opened</source>
        <translation>%1 ist kein Arbeitsbereich; nichts wurde geöffnet</translation>
    </message>
    <message>
        <source>Some run folders could not be indexed:
%1</source>
        <translation>Einige Laufordner konnten nicht indiziert werden:
%1</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ausführen</translation>
    </message>
    <message>
        <source>&amp;Synthesize Pairs…</source>
        <translation>Paare &amp;synthetisieren…</translation>
    </message>
    <message>
        <source>&amp;Expand Vocabulary…</source>
        <translation>Vokabular &amp;erweitern…</translation>
    </message>
</context>
<context>
    <name>MetricsPlot</name>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>Validierungsverlust</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>Gradientennorm</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Wall time (s)</source>
        <translation>Laufzeit (s)</translation>
    </message>
    <message>
        <source>Log y</source>
        <translation>Log. y</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Show all data (also: double-click the plot)</source>
        <translation>Alle Daten zeigen (auch: Doppelklick auf das Diagramm)</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Export the shown curves as CSV</source>
        <translation>Die gezeigten Kurven als CSV exportieren</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Export the plot as a PNG image</source>
        <translation>Das Diagramm als PNG-Bild exportieren</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <source>x:</source>
        <translation>x:</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>Glättung:</translation>
    </message>
    <message>
        <source>Export Curves as CSV</source>
        <translation>Kurven als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Export Plot as PNG</source>
        <translation>Diagramm als PNG exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Exponential moving average weight (bias-corrected); the raw curve stays faint behind. The learning rate and validation metrics are drawn as logged.</source>
        <translation>Gewicht des exponentiell gleitenden Mittels (mit Bias-Korrektur); die Rohkurve bleibt blass dahinter. Lernrate und Validierungsmetriken werden wie protokolliert gezeichnet.</translation>
    </message>
</context>
<context>
    <name>ModelInfoTable</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source> (sliding window %1)</source>
        <translation> (gleitendes Fenster %1)</translation>
    </message>
    <message>
        <source>Model type</source>
        <translation>Modelltyp</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Data type</source>
        <translation>Datentyp</translation>
    </message>
    <message>
        <source>%1 (stored as %2)</source>
        <translation>%1 (gespeichert als %2)</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Größe auf der Festplatte</translation>
    </message>
    <message>
        <source>%1 (weights: %2)</source>
        <translation>%1 (Gewichte: %2)</translation>
    </message>
    <message>
        <source>Weight files</source>
        <translation>Gewichtsdateien</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>Verborgene Dimension</translation>
    </message>
    <message>
        <source>MLP size</source>
        <translation>MLP-Dimension</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>Attention-Köpfe</translation>
    </message>
    <message>
        <source>Key/value heads</source>
        <translation>Key/Value-Köpfe</translation>
    </message>
    <message>
        <source>Fewer key/value heads than attention heads means grouped-query attention</source>
        <translation>Weniger Key/Value-Köpfe als Attention-Köpfe bedeutet Grouped-Query-Attention</translation>
    </message>
    <message>
        <source>Head dimension</source>
        <translation>Kopfdimension</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>RoPE θ</source>
        <translation>RoPE θ</translation>
    </message>
    <message>
        <source>Tied LM head</source>
        <translation>Gekoppelter LM-Kopf</translation>
    </message>
    <message>
        <source>Whether the output layer shares the token embedding matrix</source>
        <translation>Ob die Ausgabeschicht die Token-Embedding-Matrix mitbenutzt</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <source>none: prompts are token ids</source>
        <translation>keiner: Prompts sind Token-IDs</translation>
    </message>
    <message>
        <source>Unused tensors</source>
        <translation>Ungenutzte Tensoren</translation>
    </message>
    <message>
        <source>Tensors in the files that the decoder does not use</source>
        <translation>Tensoren in den Dateien, die der Decoder nicht verwendet</translation>
    </message>
    <message>
        <source>Config implies</source>
        <translation>Laut Konfiguration</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>%1 Parameter</translation>
    </message>
    <message>
        <source>The files hold a different number of weights than config.json describes</source>
        <translation>Die Dateien enthalten eine andere Anzahl Gewichte, als config.json beschreibt</translation>
    </message>
    <message>
        <source>no model loaded</source>
        <translation>kein Modell geladen</translation>
    </message>
    <message>
        <source>%1 (%2 pieces)</source>
        <translation>%1 (%2 Einträge)</translation>
    </message>
</context>
<context>
    <name>PairsDetailView</name>
    <message>
        <source>Rendered</source>
        <translation>Formatiert</translation>
    </message>
    <message>
        <source>The synthesizer&apos;s text format, with quoted spans highlighted</source>
        <translation>Das Textformat des Synthesizers, mit hervorgehobenen Zitaten</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Roh</translation>
    </message>
    <message>
        <source>The synthesizer&apos;s raw output, or the record&apos;s JSON line</source>
        <translation>Die Rohausgabe des Synthesizers oder die JSON-Zeile des Datensatzes</translation>
    </message>
    <message>
        <source> chars</source>
        <translation> Zeichen</translation>
    </message>
    <message>
        <source>Shortest common substring of text and pair that is highlighted as quoted</source>
        <translation>Kürzeste gemeinsame Teilzeichenkette von Text und Paar, die als Zitat hervorgehoben wird</translation>
    </message>
    <message>
        <source>Select a record to see its text and pairs.</source>
        <translation>Einen Datensatz auswählen, um seinen Text und seine Paare zu sehen.</translation>
    </message>
    <message>
        <source>Quotes of at least</source>
        <translation>Zitate ab</translation>
    </message>
    <message>
        <source>Line %1: malformed, %2</source>
        <translation>Zeile %1: fehlerhaft, %2</translation>
    </message>
    <message numerus="yes">
        <source>Line %1 · %2 · %3 · %n pair(s) · status %4</source>
        <translation>
            <numerusform>Zeile %1 · %2 · %3 · %n Paar · Status %4</numerusform>
            <numerusform>Zeile %1 · %2 · %3 · %n Paare · Status %4</numerusform>
        </translation>
    </message>
    <message>
        <source>(no id)</source>
        <translation>(keine ID)</translation>
    </message>
    <message>
        <source>(no method)</source>
        <translation>(keine Methode)</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source> · round %1</source>
        <translation> · Runde %1</translation>
    </message>
    <message>
        <source> · text truncated</source>
        <translation> · Text gekürzt</translation>
    </message>
    <message>
        <source> · %1 fragments dropped</source>
        <translation> · %1 Fragmente verworfen</translation>
    </message>
    <message>
        <source> · model %1</source>
        <translation> · Modell %1</translation>
    </message>
</context>
<context>
    <name>PairsFilterBar</name>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>Any method</source>
        <translation>Jede Methode</translation>
    </message>
    <message>
        <source>synthesizer</source>
        <translation>synthesizer</translation>
    </message>
    <message>
        <source>rules</source>
        <translation>rules</translation>
    </message>
    <message>
        <source>other or none</source>
        <translation>andere oder keine</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>other status</source>
        <translation>anderer Status</translation>
    </message>
    <message>
        <source>Malformed lines</source>
        <translation>Fehlerhafte Zeilen</translation>
    </message>
    <message>
        <source>Well-formed records</source>
        <translation>Wohlgeformte Datensätze</translation>
    </message>
    <message>
        <source>Flagged or not</source>
        <translation>Markiert oder nicht</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation>Nicht markiert</translation>
    </message>
    <message>
        <source>Fewest pairs per text</source>
        <translation>Mindestzahl der Paare pro Text</translation>
    </message>
    <message>
        <source>Most pairs per text</source>
        <translation>Höchstzahl der Paare pro Text</translation>
    </message>
    <message>
        <source>Shortest text, in characters</source>
        <translation>Kürzester Text, in Zeichen</translation>
    </message>
    <message>
        <source>Longest text, in characters</source>
        <translation>Längster Text, in Zeichen</translation>
    </message>
    <message>
        <source>Pairs:</source>
        <translation>Paare:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Length:</source>
        <translation>Länge:</translation>
    </message>
</context>
<context>
    <name>PairsPanel</name>
    <message>
        <source>Open Recent Pairs</source>
        <translation>Letzte Paardateien</translation>
    </message>
    <message>
        <source>Indexing cancelled: the rows indexed so far stay shown</source>
        <translation>Indizierung abgebrochen: Die bisher indizierten Zeilen bleiben sichtbar</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <source>Open a pairs file (JSONL written by ipt synth)</source>
        <translation>Eine Paardatei öffnen (von ipt synth geschriebenes JSONL)</translation>
    </message>
    <message>
        <source>No pairs file open</source>
        <translation>Keine Paardatei geöffnet</translation>
    </message>
    <message>
        <source>Search ids, texts, questions and answers (Ctrl+F)</source>
        <translation>IDs, Texte, Fragen und Antworten durchsuchen (Ctrl+F)</translation>
    </message>
    <message>
        <source>Tokenizer…</source>
        <translation>Tokenizer…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Write the rows shown to a JSONL file (Ctrl+Shift+E)</source>
        <translation>Die angezeigten Zeilen in eine JSONL-Datei schreiben (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>Clear Filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <source>Pairs per text</source>
        <translation>Paare pro Text</translation>
    </message>
    <message>
        <source>Click a bar to show only texts with that many pairs; click it again to clear</source>
        <translation>Auf einen Balken klicken, um nur Texte mit so vielen Paaren zu zeigen; erneut klicken hebt den Filter auf</translation>
    </message>
    <message>
        <source>Click a bar to show only texts with a pair of that length; click it again to clear</source>
        <translation>Auf einen Balken klicken, um nur Texte mit einem Paar dieser Länge zu zeigen; erneut klicken hebt den Filter auf</translation>
    </message>
    <message>
        <source>Find in Pairs</source>
        <translation>In Paaren suchen</translation>
    </message>
    <message>
        <source>Next Record</source>
        <translation>Nächster Datensatz</translation>
    </message>
    <message>
        <source>Previous Record</source>
        <translation>Vorheriger Datensatz</translation>
    </message>
    <message>
        <source>Flag or Unflag</source>
        <translation>Markieren oder Markierung aufheben</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Export Shown Rows…</source>
        <translation>Angezeigte Zeilen exportieren…</translation>
    </message>
    <message>
        <source>Open Pairs File</source>
        <translation>Paardatei öffnen</translation>
    </message>
    <message>
        <source>Pairs files (*.jsonl *.json);;All files (*)</source>
        <translation>Paardateien (*.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1 (flags are not saved for this file until it is fixed)</source>
        <translation>%1 (Markierungen werden für diese Datei erst gespeichert, wenn das behoben ist)</translation>
    </message>
    <message>
        <source>Indexing %1</source>
        <translation>%1 wird indiziert</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Indexed %1 records of %2</source>
        <translation>%1 Datensätze aus %2 indiziert</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>Suche läuft</translation>
    </message>
    <message>
        <source>%1 records contain &quot;%2&quot;</source>
        <translation>%1 Datensätze enthalten „%2“</translation>
    </message>
    <message>
        <source>Counting tokens</source>
        <translation>Tokens werden gezählt</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Export läuft</translation>
    </message>
    <message>
        <source>Wrote %1 records to %2</source>
        <translation>%1 Datensätze nach %2 geschrieben</translation>
    </message>
    <message>
        <source> (%1 malformed lines left out)</source>
        <translation> (%1 fehlerhafte Zeilen ausgelassen)</translation>
    </message>
    <message>
        <source>Open a pairs file first.</source>
        <translation>Zuerst eine Paardatei öffnen.</translation>
    </message>
    <message>
        <source>Export Shown Rows</source>
        <translation>Angezeigte Zeilen exportieren</translation>
    </message>
    <message>
        <source>JSONL files (*.jsonl)</source>
        <translation>JSONL-Dateien (*.jsonl)</translation>
    </message>
    <message>
        <source>Choose a Tokenizer</source>
        <translation>Tokenizer auswählen</translation>
    </message>
    <message>
        <source>Tokens per pair (question + answer, tokenizer %1)</source>
        <translation>Tokens pro Paar (Frage + Antwort, Tokenizer %1)</translation>
    </message>
    <message>
        <source>Nothing to flag: malformed lines and records without an id cannot be flagged</source>
        <translation>Nichts zu markieren: Fehlerhafte Zeilen und Datensätze ohne ID können nicht markiert werden</translation>
    </message>
    <message>
        <source>Flags are not saved: %1 could not be read; fix or remove it and open the file again</source>
        <translation>Markierungen werden nicht gespeichert: %1 konnte nicht gelesen werden; sie reparieren oder entfernen und die Datei erneut öffnen</translation>
    </message>
    <message>
        <source>Open a pairs file to browse its records.</source>
        <translation>Eine Paardatei öffnen, um ihre Datensätze durchzusehen.</translation>
    </message>
    <message>
        <source>%1 shown of %2 records · %3 flagged</source>
        <translation>%1 von %2 Datensätzen angezeigt · %3 markiert</translation>
    </message>
    <message>
        <source> · indexing, %1% read</source>
        <translation> · Indizierung, %1% gelesen</translation>
    </message>
    <message>
        <source> · indexing stopped at %1%</source>
        <translation> · Indizierung bei %1% angehalten</translation>
    </message>
    <message>
        <source> · searching…</source>
        <translation> · Suche läuft…</translation>
    </message>
    <message>
        <source>Token count stopped after %1 of %2 records; Count Tokens resumes it</source>
        <translation>Tokenzählung nach %1 von %2 Datensätzen angehalten; „Tokens zählen“ setzt sie fort</translation>
    </message>
    <message>
        <source>Count Tokens</source>
        <translation>Tokens zählen</translation>
    </message>
    <message>
        <source>Count the pair tokens of this file with the tokenizer set (resumes a stopped count)</source>
        <translation>Die Tokens der Paare dieser Datei mit dem gewählten Tokenizer zählen (setzt eine angehaltene Zählung fort)</translation>
    </message>
    <message>
        <source>Pair lengths</source>
        <translation>Paarlängen</translation>
    </message>
    <message>
        <source>Tokens are counted once the file is indexed</source>
        <translation>Tokens werden gezählt, sobald die Datei indiziert ist</translation>
    </message>
    <message>
        <source>Could not load the tokenizer %1: %2</source>
        <translation>Der Tokenizer %1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>Tokenizers (*.model *.json);;SentencePiece models (*.model);;All files (*)</source>
        <translation>Tokenizer (*.model *.json);;SentencePiece-Modelle (*.model);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Words per pair (question + answer); counting tokens with %1…</source>
        <translation>Wörter pro Paar (Frage + Antwort); Tokens werden mit %1 gezählt…</translation>
    </message>
    <message>
        <source>Words per pair (question + answer); token count stopped at %1 of %2 records</source>
        <translation>Wörter pro Paar (Frage + Antwort); Tokenzählung bei %1 von %2 Datensätzen angehalten</translation>
    </message>
    <message>
        <source>Words per pair (question + answer, split at whitespace)</source>
        <translation>Wörter pro Paar (Frage + Antwort, an Leerraum getrennt)</translation>
    </message>
    <message>
        <source>Resume Token Count</source>
        <translation>Tokenzählung fortsetzen</translation>
    </message>
    <message>
        <source>The pairs file of the last session, %1, is gone.</source>
        <translation>Die Paardatei der letzten Sitzung, %1, ist nicht mehr da.</translation>
    </message>
    <message>
        <source>Count pair lengths in tokens of a tokenizer (tokenizer.json or tokenizer.model) instead of whitespace-separated words</source>
        <translation>Paarlängen in Tokens eines Tokenizers (tokenizer.json oder tokenizer.model) statt in durch Leerraum getrennten Wörtern zählen</translation>
    </message>
</context>
<context>
    <name>PairsTableModel</name>
    <message>
        <source>Line %1 is not a pairs record: %2</source>
        <translation>Zeile %1 ist kein Paardatensatz: %2</translation>
    </message>
    <message>
        <source>malformed line: %1</source>
        <translation>fehlerhafte Zeile: %1</translation>
    </message>
    <message>
        <source>malformed</source>
        <translation>fehlerhaft</translation>
    </message>
    <message>
        <source>Line number in the pairs file</source>
        <translation>Zeilennummer in der Paardatei</translation>
    </message>
    <message>
        <source>Question–answer pairs of the record</source>
        <translation>Frage-Antwort-Paare des Datensatzes</translation>
    </message>
    <message>
        <source>Length of the text in characters</source>
        <translation>Länge des Texts in Zeichen</translation>
    </message>
    <message>
        <source>Flagged records (F toggles the flag)</source>
        <translation>Markierte Datensätze (F schaltet die Markierung um)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>Paare</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Markierung</translation>
    </message>
</context>
<context>
    <name>PlaygroundPanel</name>
    <message>
        <source>&apos;%1&apos; is not a token id: without a tokenizer the prompt is comma-separated token ids, e.g. 1, 450, 4996</source>
        <translation>„%1“ ist keine Token-ID: Ohne Tokenizer besteht der Prompt aus durch Kommas getrennten Token-IDs, z. B. 1, 450, 4996</translation>
    </message>
    <message>
        <source>The prompt is empty: enter comma-separated token ids, e.g. 1, 450, 4996</source>
        <translation>Der Prompt ist leer: Geben Sie durch Kommas getrennte Token-IDs ein, z. B. 1, 450, 4996</translation>
    </message>
    <message>
        <source>end of sequence</source>
        <translation>Sequenzende</translation>
    </message>
    <message>
        <source>stop string</source>
        <translation>Stoppzeichenkette</translation>
    </message>
    <message>
        <source>max new tokens reached</source>
        <translation>maximale Anzahl neuer Tokens erreicht</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>Kontext voll</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>A Hugging Face model folder (config.json, model.safetensors)</source>
        <translation>Ein Hugging-Face-Modellordner (config.json, model.safetensors)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>Modellordner:</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Generierung</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <source>Generate a continuation of the prompt (Ctrl+Return)</source>
        <translation>Eine Fortsetzung des Prompts generieren (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Generated text appears here as it is produced.</source>
        <translation>Der generierte Text erscheint hier, während er entsteht.</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Open Model Folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <source>A job is running; cancel it before opening another model.</source>
        <translation>Ein Auftrag läuft; brechen Sie ihn ab, bevor Sie ein anderes Modell öffnen.</translation>
    </message>
    <message>
        <source>Choose a model folder first.</source>
        <translation>Wählen Sie zuerst einen Modellordner.</translation>
    </message>
    <message>
        <source>reading config.json</source>
        <translation>config.json wird gelesen</translation>
    </message>
    <message>
        <source>loading tokenizer</source>
        <translation>Tokenizer wird geladen</translation>
    </message>
    <message>
        <source>Loading model</source>
        <translation>Modell wird geladen</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Type a prompt…</source>
        <translation>Prompt eingeben…</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>%1 geladen</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Generiere…</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>Generierung</translation>
    </message>
    <message>
        <source>Generating… (max new tokens: %1)</source>
        <translation>Generiere… (max. neue Tokens: %1)</translation>
    </message>
    <message>
        <source>Generation stopped: %1 (new tokens: %2)</source>
        <translation>Generierung beendet: %1 (neue Tokens: %2)</translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>Generierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Loading %1 cancelled</source>
        <translation>Laden von %1 abgebrochen</translation>
    </message>
    <message>
        <source>New tokens: %1</source>
        <translation>Neue Tokens: %1</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 Tokens/s</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Beendet: %1</translation>
    </message>
    <message>
        <source>new tokens</source>
        <translation>neue Tokens</translation>
    </message>
    <message>
        <source>The model of the last session, %1, is gone.</source>
        <translation>Das Modell der letzten Sitzung, %1, ist nicht mehr da.</translation>
    </message>
    <message>
        <source>Could not open the model %1: %2</source>
        <translation>Das Modell %1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Could not open the model %1: %2
%3 stays loaded.</source>
        <translation>Das Modell %1 konnte nicht geöffnet werden: %2
%3 bleibt geladen.</translation>
    </message>
    <message>
        <source>The prompt is tokenized with the folder&apos;s %1; a BOS token is prepended where the tokenizer uses one and special tokens such as &lt;s&gt; are recognised.</source>
        <translation>Der Prompt wird mit der %1 des Ordners tokenisiert; ein BOS-Token wird vorangestellt, wo der Tokenizer eines verwendet, und Sondertokens wie &lt;s&gt; werden erkannt.</translation>
    </message>
    <message>
        <source>No tokenizer.json or tokenizer.model in this folder: the prompt is comma-separated token ids and the output shows ids.</source>
        <translation>Keine tokenizer.json oder tokenizer.model in diesem Ordner: Der Prompt besteht aus durch Kommas getrennten Token-IDs, und die Ausgabe zeigt IDs.</translation>
    </message>
    <message>
        <source>end of sequence or stop string</source>
        <translation>Sequenzende oder Stoppzeichenfolge</translation>
    </message>
    <message>
        <source>not reported by the server</source>
        <translation>vom Server nicht gemeldet</translation>
    </message>
    <message>
        <source>The endpoint lists no models.</source>
        <translation>Der Endpunkt listet keine Modelle auf.</translation>
    </message>
    <message>
        <source>The endpoint serves: %1</source>
        <translation>Der Endpunkt stellt bereit: %1</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Local model folder</source>
        <translation>Lokaler Modellordner</translation>
    </message>
    <message>
        <source>Endpoint (OpenAI-compatible completions server)</source>
        <translation>Endpunkt (OpenAI-kompatibler Completions-Server)</translation>
    </message>
    <message>
        <source>Generate with a model loaded here, or through a server: vLLM, SGLang, TGI, llama.cpp&apos;s server or ipt serve</source>
        <translation>Mit einem hier geladenen Modell erzeugen oder über einen Server: vLLM, SGLang, TGI, den Server von llama.cpp oder ipt serve</translation>
    </message>
    <message>
        <source>Generate with:</source>
        <translation>Erzeugen mit:</translation>
    </message>
    <message>
        <source>The prompt is sent as text; the server tokenizes it with its own tokenizer.</source>
        <translation>Der Prompt wird als Text gesendet; der Server tokenisiert ihn mit seinem eigenen Tokenizer.</translation>
    </message>
    <message>
        <source>Endpoint settings: %1</source>
        <translation>Endpunkt-Einstellungen: %1</translation>
    </message>
    <message>
        <source>text pieces</source>
        <translation>Textstücke</translation>
    </message>
    <message>
        <source>the endpoint is unavailable: %1</source>
        <translation>der Endpunkt ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>the endpoint refused the request: %1</source>
        <translation>der Endpunkt hat die Anfrage abgelehnt: %1</translation>
    </message>
    <message>
        <source>Generating through %1</source>
        <translation>Erzeugen über %1</translation>
    </message>
    <message>
        <source>Generating through %1… (max new tokens: %2)</source>
        <translation>Erzeugen über %1… (max. neue Tokens: %2)</translation>
    </message>
    <message>
        <source>Text pieces received: %1</source>
        <translation>Empfangene Textstücke: %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>%1 records, %2 pairs mined</source>
        <translation>%1 Datensätze, %2 Paare gewonnen</translation>
    </message>
    <message>
        <source>%1 was already complete</source>
        <translation>%1 war bereits vollständig</translation>
    </message>
    <message>
        <source>%1 records, %2 pairs made in this run</source>
        <translation>%1 Datensätze, %2 Paare in diesem Lauf erzeugt</translation>
    </message>
    <message>
        <source>%1 new tokens, vocabulary %2 -&gt; %3</source>
        <translation>%1 neue Tokens, Vokabular %2 -&gt; %3</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ja</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Nein</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Voreinstellungen</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Ignorieren</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Alles speichern</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Ja, &amp;alle</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>N&amp;ein, keine</translation>
    </message>
</context>
<context>
    <name>RecentList</name>
    <message>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>Average</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source> (baseline)</source>
        <translation> (Basislinie)</translation>
    </message>
    <message>
        <source>Published: %1</source>
        <translation>Veröffentlicht: %1</translation>
    </message>
    <message>
        <source>The published average of this reference row</source>
        <translation>Der veröffentlichte Mittelwert dieser Referenzzeile</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No task that every selected run has</source>
        <translation>Keine Aufgabe, die jeder gewählte Lauf hat</translation>
    </message>
    <message>
        <source>Mean %1 over the one task every selected run has: %2</source>
        <translation>Mittelwert von %1 über die eine Aufgabe, die jeder gewählte Lauf hat: %2</translation>
    </message>
    <message>
        <source>Mean %1 over the %2 tasks every selected run has: %3</source>
        <translation>Mittelwert von %1 über die %2 Aufgaben, die jeder gewählte Lauf hat: %3</translation>
    </message>
    <message>
        <source>Left out (some selected run lacks them): %1</source>
        <translation>Ausgelassen (einem gewählten Lauf fehlen sie): %1</translation>
    </message>
    <message>
        <source>%1 average</source>
        <translation>%1-Mittelwert</translation>
    </message>
    <message>
        <source>%1 (1 task)</source>
        <translation>%1 (1 Aufgabe)</translation>
    </message>
    <message>
        <source>%1 (%2 tasks)</source>
        <translation>%1 (%2 Aufgaben)</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>± stderr</source>
        <translation>± Standardfehler</translation>
    </message>
    <message>
        <source>Import lm-eval Results…</source>
        <translation>lm-eval-Ergebnisse importieren…</translation>
    </message>
    <message>
        <source>Add an lm-evaluation-harness results JSON to the workspace under a run name</source>
        <translation>Eine Ergebnis-JSON von lm-evaluation-harness unter einem Laufnamen in den Arbeitsbereich aufnehmen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <source>Baseline:</source>
        <translation>Basislinie:</translation>
    </message>
    <message>
        <source>Could not read the workspace&apos;s results: %1</source>
        <translation>Die Ergebnisse des Arbeitsbereichs konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Open a workspace to compare its evaluation results.</source>
        <translation>Einen Arbeitsbereich öffnen, um seine Evaluationsergebnisse zu vergleichen.</translation>
    </message>
    <message>
        <source>Open a workspace first (File &gt; Open Workspace…): results are filed in it.</source>
        <translation>Zuerst einen Arbeitsbereich öffnen (Datei &gt; Arbeitsbereich öffnen…): Ergebnisse werden darin abgelegt.</translation>
    </message>
    <message>
        <source>Give a run name to file the results under.</source>
        <translation>Einen Laufnamen angeben, unter dem die Ergebnisse abgelegt werden.</translation>
    </message>
    <message>
        <source>Imported %1 into %2 (%3 results)</source>
        <translation>%1 in %2 importiert (%3 Ergebnisse)</translation>
    </message>
    <message>
        <source>Could not import %1: %2</source>
        <translation>%1 konnte nicht importiert werden: %2</translation>
    </message>
    <message>
        <source>Import lm-evaluation-harness Results</source>
        <translation>Ergebnisse von lm-evaluation-harness importieren</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON-Dateien (*.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import Results</source>
        <translation>Ergebnisse importieren</translation>
    </message>
    <message>
        <source>Run name for these results:</source>
        <translation>Laufname für diese Ergebnisse:</translation>
    </message>
    <message>
        <source>Export Results as CSV</source>
        <translation>Ergebnisse als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Export Chart as PNG</source>
        <translation>Diagramm als PNG exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>Alle Aufgaben</translation>
    </message>
    <message>
        <source>General benchmarks (Instruction PT, Table 1)</source>
        <translation>Allgemeine Benchmarks (Instruction PT, Tabelle 1)</translation>
    </message>
    <message>
        <source>NLI / SUM / SPAN × language (vocabulary expansion, Table 1)</source>
        <translation>NLI / SUM / SPAN × Sprache (Vokabularerweiterung, Tabelle 1)</translation>
    </message>
    <message>
        <source>The metric of sections without one of their own</source>
        <translation>Die Metrik der Abschnitte ohne eigene</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Show the number of examples each score was computed on</source>
        <translation>Die Zahl der Beispiele zeigen, auf denen jeder Wert berechnet wurde</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Table as CSV…</source>
        <translation>Tabelle als CSV…</translation>
    </message>
    <message>
        <source>Table as Markdown…</source>
        <translation>Tabelle als Markdown…</translation>
    </message>
    <message>
        <source>Export Results as Markdown</source>
        <translation>Ergebnisse als Markdown exportieren</translation>
    </message>
    <message>
        <source>Markdown files (*.md)</source>
        <translation>Markdown-Dateien (*.md)</translation>
    </message>
    <message>
        <source>Table as LaTeX…</source>
        <translation>Tabelle als LaTeX…</translation>
    </message>
    <message>
        <source>Export Results as LaTeX</source>
        <translation>Ergebnisse als LaTeX exportieren</translation>
    </message>
    <message>
        <source>LaTeX files (*.tex)</source>
        <translation>LaTeX-Dateien (*.tex)</translation>
    </message>
    <message>
        <source>Chart as PNG…</source>
        <translation>Diagramm als PNG…</translation>
    </message>
    <message>
        <source>Tasks:</source>
        <translation>Aufgaben:</translation>
    </message>
    <message>
        <source>Filter runs by name</source>
        <translation>Läufe nach Namen filtern</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Published (papers)</source>
        <translation>Veröffentlicht (Papers)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Checked rows that pass the filters are compared</source>
        <translation>Verglichen werden die angehakten Zeilen, die die Filter durchlassen</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>published</source>
        <translation>veröffentlicht</translation>
    </message>
    <message>
        <source>Published: %1</source>
        <translation>Veröffentlicht: %1</translation>
    </message>
    <message>
        <source>No evaluation results in this workspace yet: run ipt eval, or import lm-evaluation-harness results. The papers&apos; published rows can be checked meanwhile.</source>
        <translation>Noch keine Evaluationsergebnisse in diesem Arbeitsbereich: ipt eval ausführen oder lm-evaluation-harness-Ergebnisse importieren. Die veröffentlichten Zeilen der Papers lassen sich so lange anhaken.</translation>
    </message>
    <message>
        <source>Check runs on the left to compare them.</source>
        <translation>Links Läufe anhaken, um sie zu vergleichen.</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
</context>
<context>
    <name>RunList</name>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Verzeichnis</translation>
    </message>
</context>
<context>
    <name>RunNames</name>
    <message>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation>Synthese</translation>
    </message>
    <message>
        <source>vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <source>evaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>training here</source>
        <translation>trainiert hier</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>A new language takes effect when the workbench is started again.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start der Werkbank.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
</context>
<context>
    <name>SynthesisLaunchDialog</name>
    <message>
        <source>Synthesize Pairs</source>
        <translation>Paare synthetisieren</translation>
    </message>
    <message>
        <source>raw corpus: .jsonl or .txt</source>
        <translation>Rohkorpus: .jsonl oder .txt</translation>
    </message>
    <message>
        <source>Rule-based miner</source>
        <translation>Regelbasierter Extraktor</translation>
    </message>
    <message>
        <source>Synthesizer model</source>
        <translation>Synthesizer-Modell</translation>
    </message>
    <message>
        <source>Hugging Face model folder</source>
        <translation>Hugging-Face-Modellordner</translation>
    </message>
    <message>
        <source>Multi-round chaining: 2 for general corpora, 3 for domain corpora (the paper&apos;s M)</source>
        <translation>Mehrrunden-Verkettung: 2 für allgemeine Korpora, 3 für Domänenkorpora (M im Paper)</translation>
    </message>
    <message>
        <source>the output&apos;s name</source>
        <translation>der Name der Ausgabe</translation>
    </message>
    <message>
        <source>Raw corpus:</source>
        <translation>Rohkorpus:</translation>
    </message>
    <message>
        <source>Raw Corpus</source>
        <translation>Rohkorpus</translation>
    </message>
    <message>
        <source>Corpora (*.jsonl *.txt);;All files (*)</source>
        <translation>Korpora (*.jsonl *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Text field:</source>
        <translation>Textfeld:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Methode:</translation>
    </message>
    <message>
        <source>Synthesizer:</source>
        <translation>Synthesizer:</translation>
    </message>
    <message>
        <source>Synthesizer Model</source>
        <translation>Synthesizer-Modell</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>Max. neue Tokens:</translation>
    </message>
    <message>
        <source>Rounds:</source>
        <translation>Runden:</translation>
    </message>
    <message>
        <source>Pairs file:</source>
        <translation>Paardatei:</translation>
    </message>
    <message>
        <source>Pairs File</source>
        <translation>Paardatei</translation>
    </message>
    <message>
        <source>Pairs files (*.jsonl)</source>
        <translation>Paardateien (*.jsonl)</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>Laufname:</translation>
    </message>
    <message>
        <source>Raw corpus: choose the file to synthesize pairs for.</source>
        <translation>Rohkorpus: die Datei wählen, für die Paare synthetisiert werden.</translation>
    </message>
    <message>
        <source>Raw corpus: %1 is not a file.</source>
        <translation>Rohkorpus: %1 ist keine Datei.</translation>
    </message>
    <message>
        <source>Text field: give the JSONL field that holds the text.</source>
        <translation>Textfeld: das JSONL-Feld angeben, das den Text enthält.</translation>
    </message>
    <message>
        <source>Synthesizer: choose a model folder.</source>
        <translation>Synthesizer: einen Modellordner wählen.</translation>
    </message>
    <message>
        <source>Synthesizer: %1 has no config.json.</source>
        <translation>Synthesizer: %1 hat keine config.json.</translation>
    </message>
    <message>
        <source>Pairs file: give where the pairs go.</source>
        <translation>Paardatei: angeben, wohin die Paare kommen.</translation>
    </message>
    <message>
        <source>Pairs file: it would overwrite the raw corpus.</source>
        <translation>Paardatei: sie würde das Rohkorpus überschreiben.</translation>
    </message>
    <message>
        <source>Endpoint (OpenAI-compatible completions server)</source>
        <translation>Endpunkt (OpenAI-kompatibler Completions-Server)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
</context>
<context>
    <name>SynthesisPlayground</name>
    <message>
        <source>Paste a raw text here…</source>
        <translation>Hier einen Rohtext einfügen…</translation>
    </message>
    <message>
        <source>Rule-based miner</source>
        <translation>Regelbasierter Miner</translation>
    </message>
    <message>
        <source>Synthesizer…</source>
        <translation>Synthesizer…</translation>
    </message>
    <message>
        <source>Synthesize</source>
        <translation>Synthetisieren</translation>
    </message>
    <message>
        <source>Mine or generate the pairs of the text (Ctrl+Return)</source>
        <translation>Die Paare des Textes gewinnen oder generieren (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Quelle:</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>Max. neue Tokens:</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Synthesizer Model Folder</source>
        <translation>Modellordner des Synthesizers</translation>
    </message>
    <message>
        <source>Mining…</source>
        <translation>Gewinne Paare…</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Generiere…</translation>
    </message>
    <message>
        <source>Synthesizing pairs</source>
        <translation>Paare werden synthetisiert</translation>
    </message>
    <message>
        <source>Rejected by the parser</source>
        <translation>Vom Parser verworfen</translation>
    </message>
    <message>
        <source>Raw output</source>
        <translation>Rohausgabe</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) mined.</source>
        <translation>
            <numerusform>%n Paar gewonnen.</numerusform>
            <numerusform>%n Paare gewonnen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) from %1 generated tokens.</source>
        <translation>
            <numerusform>%n Paar aus %1 generierten Tokens.</numerusform>
            <numerusform>%n Paare aus %1 generierten Tokens.</numerusform>
        </translation>
    </message>
    <message>
        <source>Endpoint (completions server)</source>
        <translation>Endpunkt (Completions-Server)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>the endpoint is unavailable: %1</source>
        <translation>der Endpunkt ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Generating through %1…</source>
        <translation>Erzeugen über %1…</translation>
    </message>
</context>
<context>
    <name>SynthesizerEndpointForm</name>
    <message>
        <source>tokenizer.model, tokenizer.json or the synthesizer&apos;s model folder</source>
        <translation>tokenizer.model, tokenizer.json oder der Modellordner des Synthesizers</translation>
    </message>
    <message>
        <source>The served synthesizer&apos;s tokenizer: prompts are encoded and fitted to the context with it, exactly as for a local synthesizer</source>
        <translation>Der Tokenizer des bereitgestellten Synthesizers: Prompts werden damit kodiert und in den Kontext eingepasst, genau wie bei einem lokalen Synthesizer</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>The served model&apos;s context in tokens: prompt and new tokens fit in it</source>
        <translation>Der Kontext des bereitgestellten Modells in Tokens: Prompt und neue Tokens passen hinein</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>Tokenizer:</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>Kontext:</translation>
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation>Endpunkt: %1</translation>
    </message>
    <message>
        <source>Tokenizer: synthesis through an endpoint needs the synthesizer&apos;s tokenizer, to fit prompts to the context: choose its tokenizer.model or tokenizer.json, or the model folder that holds it.</source>
        <translation>Tokenizer: Synthese über einen Endpunkt braucht den Tokenizer des Synthesizers, um Prompts an den Kontext anzupassen: seine tokenizer.model oder tokenizer.json wählen, oder den Modellordner, der sie enthält.</translation>
    </message>
    <message>
        <source>Tokenizer: %1 does not exist.</source>
        <translation>Tokenizer: %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Synthesizer Tokenizer</source>
        <translation>Tokenizer des Synthesizers</translation>
    </message>
    <message>
        <source>Tokenizers (tokenizer.model tokenizer.json *.model *.json);;All files (*)</source>
        <translation>Tokenizer (tokenizer.model tokenizer.json *.model *.json);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Add Directory…</source>
        <translation>Verzeichnis hinzufügen…</translation>
    </message>
    <message>
        <source>Follow a run directory started elsewhere (CLI, torchrun, a GPU node)</source>
        <translation>Einem anderswo gestarteten Laufverzeichnis folgen (CLI, torchrun, ein GPU-Knoten)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop the selected run after its current step, with a checkpoint</source>
        <translation>Den ausgewählten Lauf nach seinem aktuellen Schritt anhalten, mit Checkpoint</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Continue the selected run from its latest checkpoint</source>
        <translation>Den ausgewählten Lauf ab seinem letzten Checkpoint fortsetzen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>run name (default: run-&lt;date&gt;-&lt;time&gt;)</source>
        <translation>Laufname (Standard: run-&lt;Datum&gt;-&lt;Uhrzeit&gt;)</translation>
    </message>
    <message>
        <source>Open TOML…</source>
        <translation>TOML öffnen…</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Train this config as a new run in the workspace (Ctrl+Return)</source>
        <translation>Diese Konfiguration als neuen Lauf im Arbeitsbereich trainieren (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>Relative paths in the config are read from the working directory %1, as by ipt train.</source>
        <translation>Relative Pfade in der Konfiguration werden wie bei ipt train vom Arbeitsverzeichnis %1 aus gelesen.</translation>
    </message>
    <message>
        <source>New run (run.toml)</source>
        <translation>Neuer Lauf (run.toml)</translation>
    </message>
    <message>
        <source>Could not list the workspace&apos;s runs: %1</source>
        <translation>Die Läufe des Arbeitsbereichs konnten nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>%1 is not a run directory: it has no config.toml</source>
        <translation>%1 ist kein Laufverzeichnis: es enthält keine config.toml</translation>
    </message>
    <message>
        <source>Following %1</source>
        <translation>Folge %1</translation>
    </message>
    <message>
        <source>Could not index %1 in the workspace: %2</source>
        <translation>%1 konnte nicht im Arbeitsbereich indiziert werden: %2</translation>
    </message>
    <message>
        <source>Add Run Directory</source>
        <translation>Laufverzeichnis hinzufügen</translation>
    </message>
    <message>
        <source>Stopped following %1: %2</source>
        <translation>%1 wird nicht mehr verfolgt: %2</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Open Run Config</source>
        <translation>Laufkonfiguration öffnen</translation>
    </message>
    <message>
        <source>TOML files (*.toml);;All files (*)</source>
        <translation>TOML-Dateien (*.toml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open a workspace first (File &gt; Open Workspace…): runs are created in it.</source>
        <translation>Zuerst einen Arbeitsbereich öffnen (Datei &gt; Arbeitsbereich öffnen…): Läufe werden darin angelegt.</translation>
    </message>
    <message>
        <source>The config has a problem: %1</source>
        <translation>Die Konfiguration hat ein Problem: %1</translation>
    </message>
    <message>
        <source>Training %1</source>
        <translation>Training %1</translation>
    </message>
    <message>
        <source>Select a run with a directory to resume.</source>
        <translation>Einen Lauf mit Verzeichnis zum Fortsetzen auswählen.</translation>
    </message>
    <message>
        <source>%1 is already training here.</source>
        <translation>%1 trainiert hier bereits.</translation>
    </message>
    <message>
        <source>%1 has finished all its steps; there is nothing to resume.</source>
        <translation>%1 hat alle Schritte beendet; es gibt nichts fortzusetzen.</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>%1 wird fortgesetzt</translation>
    </message>
    <message>
        <source>%1 finished</source>
        <translation>%1 fertig</translation>
    </message>
    <message>
        <source>%1 stopped; Resume continues it from its checkpoint</source>
        <translation>%1 angehalten; Fortsetzen macht ab seinem Checkpoint weiter</translation>
    </message>
    <message>
        <source>Training %1 failed: %2</source>
        <translation>Training %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 started in %2</source>
        <translation>%1 in %2 gestartet</translation>
    </message>
    <message>
        <source>Stopping %1 after its current step…</source>
        <translation>%1 wird nach dem aktuellen Schritt angehalten…</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>%1 wird gelesen</translation>
    </message>
    <message>
        <source>%1: skipped lines that are not metrics records:
%2</source>
        <translation>%1: Zeilen übersprungen, die keine Metrik-Datensätze sind:
%2</translation>
    </message>
    <message>
        <source>Could not index %1: %2</source>
        <translation>%1 konnte nicht indiziert werden: %2</translation>
    </message>
    <message>
        <source>%1 cannot be resumed: %2</source>
        <translation>%1 kann nicht fortgesetzt werden: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for Instruction Pre-Training and vocabulary expansion</source>
        <translation>Werkbank für Instruction Pre-Training und Vokabularerweiterung</translation>
    </message>
    <message>
        <source>Open the model folder &lt;dir&gt; at start.</source>
        <translation>Beim Start den Modellordner &lt;dir&gt; öffnen.</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>dir</translation>
    </message>
    <message>
        <source>Close the window after &lt;ms&gt; milliseconds.</source>
        <translation>Das Fenster nach &lt;ms&gt; Millisekunden schließen.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Open the workspace folder &lt;dir&gt; (default: the last one, or the demo workspace on first start).</source>
        <translation>Den Arbeitsbereichsordner &lt;dir&gt; öffnen (Standard: der zuletzt geöffnete, beim ersten Start der Demo-Arbeitsbereich).</translation>
    </message>
    <message>
        <source>Write a PNG of each panel to &lt;dir&gt;, then quit (after --quit-after milliseconds, default 3000).</source>
        <translation>Ein PNG jedes Bereichs nach &lt;dir&gt; schreiben und dann beenden (nach --quit-after Millisekunden, Standard 3000).</translation>
    </message>
    <message>
        <source>Interface language for this start: en, de or ko.</source>
        <translation>Oberflächensprache für diesen Start: en, de oder ko.</translation>
    </message>
    <message>
        <source>code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Open the pairs file &lt;file&gt; at start.</source>
        <translation>Beim Start die Paardatei &lt;file&gt; öffnen.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>file</translation>
    </message>
</context>
</TS>
