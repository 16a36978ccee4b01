<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <source>Stop strings need a tokenizer (tokenizer.model)</source>
        <translation>Stoppzeichenketten brauchen einen Tokenizer (tokenizer.model)</translation>
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
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>About IPT Workbench</source>
        <translation>Über IPT Workbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;IPT Workbench %1&lt;/h3&gt;&lt;p&gt;A workbench for Instruction Pre-Training and vocabulary expansion: synthesize instruction–response pairs, train and adapt language models, and compare the results.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and LibTorch.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;IPT Workbench %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank für Instruction Pre-Training und Vokabularerweiterung: Anweisungs-Antwort-Paare synthetisieren, Sprachmodelle trainieren und anpassen und die Ergebnisse vergleichen.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2 und LibTorch.&lt;/p&gt;</translation>
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
        <source>tokenizer.model (%1 pieces)</source>
        <translation>tokenizer.model (%1 Einträge)</translation>
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
        <source>The prompt is tokenized with the folder&apos;s tokenizer.model; a BOS token is prepended and control pieces such as &lt;s&gt; are recognised.</source>
        <translation>Der Prompt wird mit der tokenizer.model des Ordners tokenisiert; ein BOS-Token wird vorangestellt, und Steuerzeichen wie &lt;s&gt; werden erkannt.</translation>
    </message>
    <message>
        <source>No tokenizer.model in this folder: the prompt is comma-separated token ids and the output shows ids.</source>
        <translation>Keine tokenizer.model in diesem Ordner: Der Prompt besteht aus durch Kommas getrennten Token-IDs, und die Ausgabe zeigt IDs.</translation>
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
        <source>Could not open the model: %1</source>
        <translation>Das Modell konnte nicht geöffnet werden: %1</translation>
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
</context>
</TS>
