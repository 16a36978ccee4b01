<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ConfigEditor</name>
    <message>
        <source>Paste or write a run.toml here, or open one.</source>
        <translation>여기에 run.toml을 붙여 넣거나 작성하거나, 파일을 여세요.</translation>
    </message>
    <message>
        <source>The config is empty.</source>
        <translation>설정이 비어 있습니다.</translation>
    </message>
    <message>
        <source>✓ Valid run config</source>
        <translation>✓ 올바른 실행 설정</translation>
    </message>
    <message>
        <source>✗ Not a valid run config</source>
        <translation>✗ 올바르지 않은 실행 설정</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>%1번째 줄: %2</translation>
    </message>
</context>
<context>
    <name>EmbeddingsPanel</name>
    <message>
        <source>Could not read the expansion: %1</source>
        <translation>확장을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Open Expansion…</source>
        <translation>확장 열기…</translation>
    </message>
    <message>
        <source>Open a folder written by ipt vocab expand (expansion.json, report.json)</source>
        <translation>ipt vocab expand가 만든 폴더 열기 (expansion.json, report.json)</translation>
    </message>
    <message>
        <source>Expansion:</source>
        <translation>확장:</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Piece</source>
        <translation>조각</translation>
    </message>
    <message>
        <source>Frequency</source>
        <translation>빈도</translation>
    </message>
    <message>
        <source>Held-out</source>
        <translation>검증 텍스트</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>방법</translation>
    </message>
    <message>
        <source>Cosine to Mean</source>
        <translation>Mean과의 코사인</translation>
    </message>
    <message>
        <source>Norm</source>
        <translation>노름</translation>
    </message>
    <message>
        <source>Nearest source tokens (cosine)</source>
        <translation>가장 가까운 원본 토큰 (코사인)</translation>
    </message>
    <message>
        <source>PC 1</source>
        <translation>주성분 1</translation>
    </message>
    <message>
        <source>PC 2</source>
        <translation>주성분 2</translation>
    </message>
    <message>
        <source>PCA of the embeddings, method:</source>
        <translation>임베딩의 PCA, 방법:</translation>
    </message>
    <message>
        <source>Norm of the new embeddings</source>
        <translation>새 임베딩의 노름</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>새 토큰</translation>
    </message>
    <message>
        <source>Open Expansion Folder</source>
        <translation>확장 폴더 열기</translation>
    </message>
    <message>
        <source>Still reading an expansion; try again in a moment.</source>
        <translation>아직 확장을 읽는 중입니다. 잠시 후 다시 시도하세요.</translation>
    </message>
    <message>
        <source>Reading expansion</source>
        <translation>확장 읽는 중</translation>
    </message>
    <message>
        <source>%1 new tokens (vocabulary %2 → %3), methods: %4</source>
        <translation>새 토큰 %1개 (어휘 %2 → %3), 방법: %4</translation>
    </message>
    <message>
        <source>; source model %1</source>
        <translation>; 원본 모델 %1</translation>
    </message>
    <message>
        <source>. No report.json yet: run ipt vocab report to see neighbours, PCA and norms.</source>
        <translation>. 아직 report.json이 없습니다: 이웃, PCA, 노름을 보려면 ipt vocab report를 실행하세요.</translation>
    </message>
    <message>
        <source>Read %1</source>
        <translation>%1 읽음</translation>
    </message>
    <message>
        <source>source tokens</source>
        <translation>원본 토큰</translation>
    </message>
    <message>
        <source>new tokens</source>
        <translation>새 토큰</translation>
    </message>
    <message>
        <source>dashed: mean source norm %1</source>
        <translation>점선: 원본 노름 평균 %1</translation>
    </message>
    <message>
        <source>No speed-up measured yet</source>
        <translation>아직 측정된 속도 향상이 없습니다</translation>
    </message>
    <message>
        <source>Tokens per character</source>
        <translation>문자당 토큰 수</translation>
    </message>
    <message>
        <source>Tokens per word</source>
        <translation>단어당 토큰 수</translation>
    </message>
    <message>
        <source>Generated tokens/s</source>
        <translation>생성 토큰/초</translation>
    </message>
    <message>
        <source>Encoded tokens/s</source>
        <translation>인코딩 토큰/초</translation>
    </message>
    <message>
        <source>source</source>
        <translation>원본</translation>
    </message>
    <message>
        <source>expanded</source>
        <translation>확장</translation>
    </message>
    <message>
        <source>Sequences are %1% shorter with the expanded tokenizer (%2 → %3 tokens on %4 characters).</source>
        <translation>확장된 토크나이저로 시퀀스가 %1% 짧아집니다 (%4자에서 토큰 %2 → %3개).</translation>
    </message>
    <message>
        <source>Speed-up: %1%.</source>
        <translation>속도 향상: %1%.</translation>
    </message>
    <message>
        <source>Speed-up on the same work: both models process the same held-out characters, each through its own tokenizer, as a generation of that text would (a prefill of the first quarter of the tokens, then one decoding step per token with the text&apos;s own token fed back: teacher forcing). Speed-up = source seconds per character / expanded seconds per character - 1, from the medians of repeated timings (the two models alternating); the range is the lowest and highest repeat.
Token reduction: how many fewer tokens the expanded tokenizer needs for the whole held-out text. At equal per-token cost the timed text&apos;s token counts predict a speed-up of source tokens / expanded tokens - 1.
Per-token cost ratio: expanded / source seconds per token, generating a fixed number of tokens from prompts of equal length; a few new vocabulary rows should leave it near 1.</source>
        <translation>같은 작업에서의 속도 향상: 두 모델이 같은 보류 문자를 각자의 토크나이저로 처리합니다. 그 텍스트를 생성할 때와 같은 방식입니다(토큰의 처음 4분의 1을 프리필한 뒤, 텍스트 자신의 토큰을 다시 넣으며 토큰마다 디코딩 한 단계: teacher forcing). 속도 향상 = 원본의 문자당 초 / 확장 모델의 문자당 초 - 1이며, 반복 측정의 중앙값에서 구합니다(두 모델을 번갈아 측정). 범위는 가장 낮은 반복과 가장 높은 반복입니다.
토큰 감소: 확장 토크나이저가 보류 텍스트 전체에 필요한 토큰이 얼마나 적은지. 토큰당 비용이 같다면, 측정한 텍스트의 토큰 수는 원본 토큰 / 확장 토큰 - 1의 속도 향상을 예측합니다.
토큰당 비용 비율: 같은 길이의 프롬프트에서 정해진 수의 토큰을 생성할 때 확장 / 원본의 토큰당 초. 새 어휘 행이 조금이면 1에 가까워야 합니다.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Target text</source>
        <translation>대상 텍스트</translation>
    </message>
    <message>
        <source>Source-language text</source>
        <translation>원본 언어 텍스트</translation>
    </message>
    <message>
        <source>Held-out loss per character before any adaptation: the negative log-likelihood of the held-out text, each token predicted from the text&apos;s start, summed and divided by the text&apos;s characters, in bits (log base 2). Per character, not per token, so that the source model and the expanded models compare although their tokenizers cut the text differently. Lower is better.</source>
        <translation>적응 전 보류 텍스트의 문자당 손실: 보류 텍스트의 음의 로그 가능도로, 각 토큰을 텍스트 시작부터 예측해 합한 뒤 텍스트의 문자 수로 나눈 값이며 단위는 비트(밑 2 로그)입니다. 토큰당이 아니라 문자당이므로, 토크나이저가 텍스트를 다르게 나누어도 원본 모델과 확장 모델을 비교할 수 있습니다. 낮을수록 좋습니다.</translation>
    </message>
    <message>
        <source>On the target-language text: how good each initialisation is as a starting point.</source>
        <translation>대상 언어 텍스트에서: 각 초기화가 출발점으로 얼마나 좋은지.</translation>
    </message>
    <message>
        <source>On source-language text: what the expansion costs there (the new rows take probability mass).</source>
        <translation>원본 언어 텍스트에서: 확장이 그곳에서 치르는 비용(새 행이 확률 질량을 가져갑니다).</translation>
    </message>
    <message>
        <source>Target text (%1)</source>
        <translation>대상 텍스트 (%1)</translation>
    </message>
    <message>
        <source>Source-language text (%1)</source>
        <translation>원본 언어 텍스트 (%1)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Tokens/s, same text</source>
        <translation>토큰/초, 같은 텍스트</translation>
    </message>
    <message>
        <source>Speed-up on the same text: %1%</source>
        <translation>같은 텍스트에서의 속도 향상: %1%</translation>
    </message>
    <message>
        <source> (median of %1 repeats, %2% to %3%)</source>
        <translation> (%1회 반복의 중앙값, %2%에서 %3%)</translation>
    </message>
    <message>
        <source>The timed text&apos;s token counts alone predict %1%.</source>
        <translation>측정한 텍스트의 토큰 수만으로는 %1%를 예측합니다.</translation>
    </message>
    <message>
        <source>Per-token cost, expanded / source: %1.</source>
        <translation>토큰당 비용, 확장 / 원본: %1.</translation>
    </message>
</context>
<context>
    <name>EndpointSettingsForm</name>
    <message>
        <source>The server&apos;s OpenAI-compatible API: vLLM, SGLang, TGI, llama.cpp&apos;s server or ipt serve</source>
        <translation>서버의 OpenAI 호환 API: vLLM, SGLang, TGI, llama.cpp 서버 또는 ipt serve</translation>
    </message>
    <message>
        <source>The served model&apos;s name, as the server lists it</source>
        <translation>서버가 나열하는 대로의, 제공되는 모델 이름</translation>
    </message>
    <message>
        <source>List</source>
        <translation>목록</translation>
    </message>
    <message>
        <source>Ask the server which models it serves</source>
        <translation>서버에 어떤 모델을 제공하는지 묻기</translation>
    </message>
    <message>
        <source>The name of an environment variable that holds the API key; the key itself is never stored</source>
        <translation>API 키를 담은 환경 변수의 이름; 키 자체는 저장되지 않습니다</translation>
    </message>
    <message>
        <source>Requests in flight at most</source>
        <translation>동시에 진행되는 최대 요청 수</translation>
    </message>
    <message>
        <source>Attempts after a failed one (no answer, timeout, 429, 5xx), with a pause doubled each time</source>
        <translation>실패한 시도(응답 없음, 시간 초과, 429, 5xx) 뒤의 재시도 횟수, 대기 시간은 매번 두 배</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 초</translation>
    </message>
    <message>
        <source>Seconds to wait for the connection and for each piece of the answer</source>
        <translation>연결과 응답의 각 조각을 기다리는 시간(초)</translation>
    </message>
    <message>
        <source>Base URL:</source>
        <translation>기본 URL:</translation>
    </message>
    <message>
        <source>Model name:</source>
        <translation>모델 이름:</translation>
    </message>
    <message>
        <source>API key variable:</source>
        <translation>API 키 변수:</translation>
    </message>
    <message>
        <source>Concurrency:</source>
        <translation>동시 요청:</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>재시도:</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>시간 제한:</translation>
    </message>
    <message>
        <source>Could not list the endpoint&apos;s models: %1</source>
        <translation>엔드포인트의 모델 목록을 가져올 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Listing models</source>
        <translation>모델 목록 가져오기</translation>
    </message>
    <message>
        <source>set</source>
        <translation>설정됨</translation>
    </message>
    <message>
        <source>not set: no key is sent</source>
        <translation>설정 안 됨: 키를 보내지 않습니다</translation>
    </message>
</context>
<context>
    <name>ExpansionLaunchDialog</name>
    <message>
        <source>Expand Vocabulary</source>
        <translation>어휘 확장</translation>
    </message>
    <message>
        <source>source Hugging Face model folder</source>
        <translation>원본 Hugging Face 모델 폴더</translation>
    </message>
    <message>
        <source>the model folder&apos;s</source>
        <translation>모델 폴더의 것</translation>
    </message>
    <message>
        <source>target-language text: .txt or .jsonl</source>
        <translation>대상 언어 텍스트: .txt 또는 .jsonl</translation>
    </message>
    <message>
        <source>k: the target language&apos;s most frequent new pieces added to the source tokenizer</source>
        <translation>k: 원본 토크나이저에 추가할 대상 언어의 가장 빈번한 새 조각 수</translation>
    </message>
    <message>
        <source>Also write the adaptation (LAPT) data and configs</source>
        <translation>적응(LAPT) 데이터와 설정도 쓰기</translation>
    </message>
    <message>
        <source>the folder&apos;s name</source>
        <translation>폴더 이름</translation>
    </message>
    <message>
        <source>Source model:</source>
        <translation>원본 모델:</translation>
    </message>
    <message>
        <source>Source Model</source>
        <translation>원본 모델</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>토크나이저:</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>토크나이저</translation>
    </message>
    <message>
        <source>Tokenizers (tokenizer.json *.model);;All files (*)</source>
        <translation>토크나이저 (tokenizer.json *.model);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Target corpus:</source>
        <translation>대상 코퍼스:</translation>
    </message>
    <message>
        <source>Target Corpus</source>
        <translation>대상 코퍼스</translation>
    </message>
    <message>
        <source>Corpora (*.txt *.jsonl);;All files (*)</source>
        <translation>코퍼스 (*.txt *.jsonl);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>New tokens:</source>
        <translation>새 토큰:</translation>
    </message>
    <message>
        <source>Initialisations:</source>
        <translation>초기화:</translation>
    </message>
    <message>
        <source>Expansion folder:</source>
        <translation>확장 폴더:</translation>
    </message>
    <message>
        <source>Expansion Folder</source>
        <translation>확장 폴더</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>실행 이름:</translation>
    </message>
    <message>
        <source>Source model: choose a model folder.</source>
        <translation>원본 모델: 모델 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>Source model: %1 has no config.json.</source>
        <translation>원본 모델: %1에 config.json이 없습니다.</translation>
    </message>
    <message>
        <source>Tokenizer: %1 is not a file.</source>
        <translation>토크나이저: %1은(는) 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>Target corpus: choose the target-language text.</source>
        <translation>대상 코퍼스: 대상 언어 텍스트를 고르세요.</translation>
    </message>
    <message>
        <source>Target corpus: %1 is not a file.</source>
        <translation>대상 코퍼스: %1은(는) 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>Initialisations: choose at least one method.</source>
        <translation>초기화: 방법을 하나 이상 고르세요.</translation>
    </message>
    <message>
        <source>Expansion folder: give where the expansion goes.</source>
        <translation>확장 폴더: 확장을 둘 곳을 지정하세요.</translation>
    </message>
    <message>
        <source>Expansion folder: %1 is not empty.</source>
        <translation>확장 폴더: %1이(가) 비어 있지 않습니다.</translation>
    </message>
</context>
<context>
    <name>FlagCommand</name>
    <message numerus="yes">
        <source>Flag %n record(s)</source>
        <translation>
            <numerusform>레코드 %n개 플래그 지정</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unflag %n record(s)</source>
        <translation>
            <numerusform>레코드 %n개 플래그 해제</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GenerationSettingsForm</name>
    <message>
        <source>Generation stops after this many new tokens at the latest</source>
        <translation>생성은 늦어도 이 개수의 새 토큰 뒤에 멈춥니다</translation>
    </message>
    <message>
        <source>Greedy (most likely token)</source>
        <translation>탐욕적 (가장 가능성 높은 토큰)</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>샘플링</translation>
    </message>
    <message>
        <source>Below 1 sharpens the distribution, above 1 flattens it</source>
        <translation>1보다 작으면 분포가 날카로워지고, 1보다 크면 평평해집니다</translation>
    </message>
    <message>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source>Sample among the k most likely tokens</source>
        <translation>가장 가능성 높은 k개 토큰 중에서 샘플링</translation>
    </message>
    <message>
        <source>Sample among the most likely tokens that together hold this probability mass (1: off)</source>
        <translation>합쳐서 이 확률 질량을 갖는 가장 가능성 높은 토큰들 중에서 샘플링 (1: 끔)</translation>
    </message>
    <message>
        <source>Above 1 discourages tokens already in the text (1: off)</source>
        <translation>1보다 크면 이미 텍스트에 있는 토큰을 억제합니다 (1: 끔)</translation>
    </message>
    <message>
        <source>The same seed and settings give the same text</source>
        <translation>같은 시드와 설정은 같은 텍스트를 만듭니다</translation>
    </message>
    <message>
        <source>e.g. &lt;/END&gt;, \n\n</source>
        <translation>예: &lt;/END&gt;, \n\n</translation>
    </message>
    <message>
        <source>Comma-separated; write \n for a newline and \, for a comma</source>
        <translation>쉼표로 구분; 줄바꿈은 \n, 쉼표는 \,로 쓰세요</translation>
    </message>
    <message>
        <source>Stop at end of sequence</source>
        <translation>시퀀스 끝에서 멈춤</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>최대 새 토큰:</translation>
    </message>
    <message>
        <source>Decoding:</source>
        <translation>디코딩:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>온도:</translation>
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
        <translation>반복 페널티:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>시드:</translation>
    </message>
    <message>
        <source>Stop strings:</source>
        <translation>정지 문자열:</translation>
    </message>
    <message>
        <source>Stop strings need a tokenizer (tokenizer.json or tokenizer.model)</source>
        <translation>중지 문자열에는 토크나이저가 필요합니다 (tokenizer.json 또는 tokenizer.model)</translation>
    </message>
    <message>
        <source>A completions server always stops at the end of sequence; the API has no setting for it</source>
        <translation>completions 서버는 항상 시퀀스 끝에서 멈춥니다; API에는 이에 대한 설정이 없습니다</translation>
    </message>
</context>
<context>
    <name>HistogramView</name>
    <message>
        <source>Count</source>
        <translation>개수</translation>
    </message>
</context>
<context>
    <name>JobLauncher</name>
    <message>
        <source>Synthesizing %1</source>
        <translation>%1 합성 중</translation>
    </message>
    <message>
        <source>Expanding the vocabulary for %1</source>
        <translation>%1의 어휘 확장 중</translation>
    </message>
    <message>
        <source>%1 is still running</source>
        <translation>%1이(가) 아직 실행 중입니다</translation>
    </message>
    <message>
        <source>; filed as %1</source>
        <translation>; %1(으)로 기록됨</translation>
    </message>
</context>
<context>
    <name>JobStatusArea</name>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>실행 중인 작업 취소</translation>
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
        <translation>작업</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>진행</translation>
    </message>
    <message>
        <source>Cancel Job</source>
        <translation>작업 취소</translation>
    </message>
    <message>
        <source>Cancel the selected running job</source>
        <translation>선택한 실행 중인 작업 취소</translation>
    </message>
    <message>
        <source>Clear Finished</source>
        <translation>끝난 작업 지우기</translation>
    </message>
    <message>
        <source>running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%2 중 %1</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>종료됨</translation>
    </message>
    <message>
        <source>Started at %1</source>
        <translation>%1에 시작됨</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>LaunchDialog</name>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Run name: %1</source>
        <translation>실행 이름: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ready</source>
        <translation>준비</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>작업</translation>
    </message>
    <message>
        <source>Model Playground</source>
        <translation>모델 플레이그라운드</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Workspace…</source>
        <translation>작업 공간 열기(&amp;W)…</translation>
    </message>
    <message>
        <source>Recent Wor&amp;kspaces</source>
        <translation>최근 작업 공간(&amp;K)</translation>
    </message>
    <message>
        <source>Re&amp;load Workspace</source>
        <translation>작업 공간 다시 읽기(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Open Model Folder…</source>
        <translation>모델 폴더 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 항목 열기(&amp;R)</translation>
    </message>
    <message>
        <source>Open Run &amp;Config…</source>
        <translation>실행 설정 열기(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Add Run Directory…</source>
        <translation>실행 디렉터리 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Import lm-eval Results…</source>
        <translation>lm-eval 결과 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>Open &amp;Expansion…</source>
        <translation>확장 열기(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>설정(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Status Bar</source>
        <translation>상태 표시줄(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>이동(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About IPT Workbench</source>
        <translation>IPT Workbench 정보(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt 정보(&amp;Q)</translation>
    </message>
    <message>
        <source>The workspace %1 is not a folder.</source>
        <translation>작업 공간 %1은(는) 폴더가 아닙니다.</translation>
    </message>
    <message>
        <source>Could not open the workspace %1: %2</source>
        <translation>작업 공간 %1을(를) 열 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Opened workspace %1</source>
        <translation>작업 공간 %1을(를) 열었습니다</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>작업 공간 열기</translation>
    </message>
    <message>
        <source>Indexing workspace</source>
        <translation>작업 공간 색인 중</translation>
    </message>
    <message>
        <source>The new language takes effect when the workbench is started again.</source>
        <translation>새 언어는 워크벤치를 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <source>IPT Workbench</source>
        <translation>IPT Workbench</translation>
    </message>
    <message>
        <source>About IPT Workbench</source>
        <translation>IPT Workbench 정보</translation>
    </message>
    <message>
        <source>&lt;h3&gt;IPT Workbench %1&lt;/h3&gt;&lt;p&gt;A workbench for Instruction Pre-Training and vocabulary expansion: synthesize instruction–response pairs, train and adapt language models, and compare the results.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and LibTorch.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;IPT Workbench %1&lt;/h3&gt;&lt;p&gt;지시 사전 학습(Instruction Pre-Training)과 어휘 확장을 위한 워크벤치입니다: 지시–응답 쌍을 합성하고, 언어 모델을 학습·적응시키고, 결과를 비교합니다.&lt;/p&gt;&lt;p&gt;Qt %2와 LibTorch로 만들었습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Recent Run Con&amp;figs</source>
        <translation>최근 실행 설정(&amp;F)</translation>
    </message>
    <message>
        <source>Recent E&amp;xpansions</source>
        <translation>최근 확장(&amp;X)</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>쌍</translation>
    </message>
    <message>
        <source>&amp;Pairs</source>
        <translation>쌍(&amp;P)</translation>
    </message>
    <message>
        <source>Open &amp;Pairs File…</source>
        <translation>쌍 파일 열기(&amp;P)…</translation>
    </message>
    <message>
        <source>Synthesis</source>
        <translation>합성</translation>
    </message>
    <message>
        <source>Create a Workspace?</source>
        <translation>작업 공간을 만들까요?</translation>
    </message>
    <message>
        <source>%1 is not a workspace yet (it has no workspace.db).

Create a workspace in this folder?</source>
        <translation>%1은(는) 아직 작업 공간이 아닙니다 (workspace.db가 없습니다).

이 폴더에 작업 공간을 만들까요?</translation>
    </message>
    <message>
        <source>%1 is not a workspace; nothing was opened</source>
        <translation>%1은(는) 작업 공간이 아닙니다. 아무것도 열지 않았습니다</translation>
    </message>
    <message>
        <source>Some run folders could not be indexed:
%1</source>
        <translation>일부 실행 폴더를 색인할 수 없습니다:
%1</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Synthesize Pairs…</source>
        <translation>쌍 합성(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Expand Vocabulary…</source>
        <translation>어휘 확장(&amp;E)…</translation>
    </message>
</context>
<context>
    <name>MetricsPlot</name>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>검증 손실</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>기울기 노름</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>토큰/초</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>토큰</translation>
    </message>
    <message>
        <source>Wall time (s)</source>
        <translation>경과 시간 (초)</translation>
    </message>
    <message>
        <source>Log y</source>
        <translation>로그 y축</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>맞춤</translation>
    </message>
    <message>
        <source>Show all data (also: double-click the plot)</source>
        <translation>모든 데이터 보기 (플롯을 두 번 클릭해도 됩니다)</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Export the shown curves as CSV</source>
        <translation>보이는 곡선을 CSV로 내보내기</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Export the plot as a PNG image</source>
        <translation>플롯을 PNG 이미지로 내보내기</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>지표:</translation>
    </message>
    <message>
        <source>x:</source>
        <translation>x축:</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>평활화:</translation>
    </message>
    <message>
        <source>Export Curves as CSV</source>
        <translation>곡선을 CSV로 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Export Plot as PNG</source>
        <translation>플롯을 PNG로 내보내기</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Exponential moving average weight (bias-corrected); the raw curve stays faint behind. The learning rate and validation metrics are drawn as logged.</source>
        <translation>지수 이동 평균 가중치(편향 보정); 원래 곡선은 뒤에 흐리게 남습니다. 학습률과 검증 지표는 기록된 그대로 그립니다.</translation>
    </message>
</context>
<context>
    <name>ModelInfoTable</name>
    <message>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>no</source>
        <translation>아니요</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>속성</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source> (sliding window %1)</source>
        <translation> (슬라이딩 윈도 %1)</translation>
    </message>
    <message>
        <source>Model type</source>
        <translation>모델 유형</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <source>Data type</source>
        <translation>데이터 형식</translation>
    </message>
    <message>
        <source>%1 (stored as %2)</source>
        <translation>%1 (%2(으)로 저장됨)</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>디스크 크기</translation>
    </message>
    <message>
        <source>%1 (weights: %2)</source>
        <translation>%1 (가중치: %2)</translation>
    </message>
    <message>
        <source>Weight files</source>
        <translation>가중치 파일</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>어휘</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>은닉 크기</translation>
    </message>
    <message>
        <source>MLP size</source>
        <translation>MLP 크기</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>어텐션 헤드</translation>
    </message>
    <message>
        <source>Key/value heads</source>
        <translation>키/값 헤드</translation>
    </message>
    <message>
        <source>Fewer key/value heads than attention heads means grouped-query attention</source>
        <translation>키/값 헤드가 어텐션 헤드보다 적으면 그룹 쿼리 어텐션입니다</translation>
    </message>
    <message>
        <source>Head dimension</source>
        <translation>헤드 차원</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>컨텍스트</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>토큰 %1개</translation>
    </message>
    <message>
        <source>RoPE θ</source>
        <translation>RoPE θ</translation>
    </message>
    <message>
        <source>Tied LM head</source>
        <translation>묶인 LM 헤드</translation>
    </message>
    <message>
        <source>Whether the output layer shares the token embedding matrix</source>
        <translation>출력층이 토큰 임베딩 행렬을 공유하는지 여부</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>토크나이저</translation>
    </message>
    <message>
        <source>none: prompts are token ids</source>
        <translation>없음: 프롬프트는 토큰 ID입니다</translation>
    </message>
    <message>
        <source>Unused tensors</source>
        <translation>사용하지 않는 텐서</translation>
    </message>
    <message>
        <source>Tensors in the files that the decoder does not use</source>
        <translation>파일에 있지만 디코더가 쓰지 않는 텐서</translation>
    </message>
    <message>
        <source>Config implies</source>
        <translation>설정상 값</translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation>매개변수 %1개</translation>
    </message>
    <message>
        <source>The files hold a different number of weights than config.json describes</source>
        <translation>파일의 가중치 수가 config.json의 설명과 다릅니다</translation>
    </message>
    <message>
        <source>no model loaded</source>
        <translation>불러온 모델 없음</translation>
    </message>
    <message>
        <source>%1 (%2 pieces)</source>
        <translation>%1 (%2개 조각)</translation>
    </message>
</context>
<context>
    <name>PairsDetailView</name>
    <message>
        <source>Rendered</source>
        <translation>서식 적용</translation>
    </message>
    <message>
        <source>The synthesizer&apos;s text format, with quoted spans highlighted</source>
        <translation>합성기의 텍스트 형식, 인용된 부분을 강조 표시</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>원시</translation>
    </message>
    <message>
        <source>The synthesizer&apos;s raw output, or the record&apos;s JSON line</source>
        <translation>합성기의 원시 출력 또는 레코드의 JSON 줄</translation>
    </message>
    <message>
        <source> chars</source>
        <translation>자</translation>
    </message>
    <message>
        <source>Shortest common substring of text and pair that is highlighted as quoted</source>
        <translation>텍스트와 쌍에 함께 나타나 인용으로 강조 표시되는 부분 문자열의 최소 길이</translation>
    </message>
    <message>
        <source>Select a record to see its text and pairs.</source>
        <translation>텍스트와 쌍을 보려면 레코드를 선택하세요.</translation>
    </message>
    <message>
        <source>Quotes of at least</source>
        <translation>인용 최소 길이</translation>
    </message>
    <message>
        <source>Line %1: malformed, %2</source>
        <translation>%1번째 줄: 형식 오류, %2</translation>
    </message>
    <message numerus="yes">
        <source>Line %1 · %2 · %3 · %n pair(s) · status %4</source>
        <translation>
            <numerusform>%1번째 줄 · %2 · %3 · 쌍 %n개 · 상태 %4</numerusform>
        </translation>
    </message>
    <message>
        <source>(no id)</source>
        <translation>(ID 없음)</translation>
    </message>
    <message>
        <source>(no method)</source>
        <translation>(방법 없음)</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source> · round %1</source>
        <translation> · 라운드 %1</translation>
    </message>
    <message>
        <source> · text truncated</source>
        <translation> · 텍스트 잘림</translation>
    </message>
    <message>
        <source> · %1 fragments dropped</source>
        <translation> · 단편 %1개 버려짐</translation>
    </message>
    <message>
        <source> · model %1</source>
        <translation> · 모델 %1</translation>
    </message>
</context>
<context>
    <name>PairsFilterBar</name>
    <message>
        <source>any</source>
        <translation>제한 없음</translation>
    </message>
    <message>
        <source>Any method</source>
        <translation>모든 방법</translation>
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
        <translation>기타 또는 없음</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>모든 상태</translation>
    </message>
    <message>
        <source>other status</source>
        <translation>기타 상태</translation>
    </message>
    <message>
        <source>Malformed lines</source>
        <translation>형식 오류 줄</translation>
    </message>
    <message>
        <source>Well-formed records</source>
        <translation>올바른 형식의 레코드</translation>
    </message>
    <message>
        <source>Flagged or not</source>
        <translation>플래그 여부 무관</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>플래그 지정됨</translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation>플래그 없음</translation>
    </message>
    <message>
        <source>Fewest pairs per text</source>
        <translation>텍스트당 최소 쌍 수</translation>
    </message>
    <message>
        <source>Most pairs per text</source>
        <translation>텍스트당 최대 쌍 수</translation>
    </message>
    <message>
        <source>Shortest text, in characters</source>
        <translation>가장 짧은 텍스트 (문자 수)</translation>
    </message>
    <message>
        <source>Longest text, in characters</source>
        <translation>가장 긴 텍스트 (문자 수)</translation>
    </message>
    <message>
        <source>Pairs:</source>
        <translation>쌍:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <source>Length:</source>
        <translation>길이:</translation>
    </message>
</context>
<context>
    <name>PairsPanel</name>
    <message>
        <source>Open Recent Pairs</source>
        <translation>최근 쌍 파일</translation>
    </message>
    <message>
        <source>Indexing cancelled: the rows indexed so far stay shown</source>
        <translation>색인 취소됨: 지금까지 색인한 행은 계속 표시됩니다</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <source>Open a pairs file (JSONL written by ipt synth)</source>
        <translation>쌍 파일 열기 (ipt synth가 만든 JSONL)</translation>
    </message>
    <message>
        <source>No pairs file open</source>
        <translation>열린 쌍 파일 없음</translation>
    </message>
    <message>
        <source>Search ids, texts, questions and answers (Ctrl+F)</source>
        <translation>ID, 텍스트, 질문, 답변 검색 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Tokenizer…</source>
        <translation>토크나이저…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Write the rows shown to a JSONL file (Ctrl+Shift+E)</source>
        <translation>표시된 행을 JSONL 파일로 쓰기 (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <source>Clear Filters</source>
        <translation>필터 지우기</translation>
    </message>
    <message>
        <source>Pairs per text</source>
        <translation>텍스트당 쌍 수</translation>
    </message>
    <message>
        <source>Click a bar to show only texts with that many pairs; click it again to clear</source>
        <translation>막대를 클릭하면 쌍이 그만큼 있는 텍스트만 표시합니다. 다시 클릭하면 해제됩니다</translation>
    </message>
    <message>
        <source>Click a bar to show only texts with a pair of that length; click it again to clear</source>
        <translation>막대를 클릭하면 그 길이의 쌍이 있는 텍스트만 표시합니다. 다시 클릭하면 해제됩니다</translation>
    </message>
    <message>
        <source>Find in Pairs</source>
        <translation>쌍에서 찾기</translation>
    </message>
    <message>
        <source>Next Record</source>
        <translation>다음 레코드</translation>
    </message>
    <message>
        <source>Previous Record</source>
        <translation>이전 레코드</translation>
    </message>
    <message>
        <source>Flag or Unflag</source>
        <translation>플래그 지정/해제</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Export Shown Rows…</source>
        <translation>표시된 행 내보내기…</translation>
    </message>
    <message>
        <source>Open Pairs File</source>
        <translation>쌍 파일 열기</translation>
    </message>
    <message>
        <source>Pairs files (*.jsonl *.json);;All files (*)</source>
        <translation>쌍 파일 (*.jsonl *.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>%1 (flags are not saved for this file until it is fixed)</source>
        <translation>%1 (문제가 해결될 때까지 이 파일의 플래그는 저장되지 않습니다)</translation>
    </message>
    <message>
        <source>Indexing %1</source>
        <translation>%1 색인 중</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 여는 중…</translation>
    </message>
    <message>
        <source>Indexed %1 records of %2</source>
        <translation>%2의 레코드 %1개를 색인했습니다</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>검색 중</translation>
    </message>
    <message>
        <source>%1 records contain &quot;%2&quot;</source>
        <translation>&quot;%2&quot;이(가) 들어 있는 레코드 %1개</translation>
    </message>
    <message>
        <source>Counting tokens</source>
        <translation>토큰 세는 중</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>내보내는 중</translation>
    </message>
    <message>
        <source>Wrote %1 records to %2</source>
        <translation>레코드 %1개를 %2에 썼습니다</translation>
    </message>
    <message>
        <source> (%1 malformed lines left out)</source>
        <translation> (형식 오류 줄 %1개 제외)</translation>
    </message>
    <message>
        <source>Open a pairs file first.</source>
        <translation>먼저 쌍 파일을 여세요.</translation>
    </message>
    <message>
        <source>Export Shown Rows</source>
        <translation>표시된 행 내보내기</translation>
    </message>
    <message>
        <source>JSONL files (*.jsonl)</source>
        <translation>JSONL 파일 (*.jsonl)</translation>
    </message>
    <message>
        <source>Choose a Tokenizer</source>
        <translation>토크나이저 선택</translation>
    </message>
    <message>
        <source>Tokens per pair (question + answer, tokenizer %1)</source>
        <translation>쌍당 토큰 수 (질문 + 답변, 토크나이저 %1)</translation>
    </message>
    <message>
        <source>Nothing to flag: malformed lines and records without an id cannot be flagged</source>
        <translation>플래그를 지정할 레코드가 없습니다: 형식 오류 줄과 ID가 없는 레코드에는 플래그를 지정할 수 없습니다</translation>
    </message>
    <message>
        <source>Flags are not saved: %1 could not be read; fix or remove it and open the file again</source>
        <translation>플래그가 저장되지 않습니다: %1을(를) 읽을 수 없습니다. 고치거나 지운 뒤 파일을 다시 여세요</translation>
    </message>
    <message>
        <source>Open a pairs file to browse its records.</source>
        <translation>레코드를 살펴보려면 쌍 파일을 여세요.</translation>
    </message>
    <message>
        <source>%1 shown of %2 records · %3 flagged</source>
        <translation>레코드 %2개 중 %1개 표시 · %3개 플래그 지정됨</translation>
    </message>
    <message>
        <source> · indexing, %1% read</source>
        <translation> · 색인 중, %1% 읽음</translation>
    </message>
    <message>
        <source> · indexing stopped at %1%</source>
        <translation> · 색인이 %1%에서 멈춤</translation>
    </message>
    <message>
        <source> · searching…</source>
        <translation> · 검색 중…</translation>
    </message>
    <message>
        <source>Token count stopped after %1 of %2 records; Count Tokens resumes it</source>
        <translation>토큰 세기가 레코드 %2개 중 %1개에서 멈췄습니다. 토큰 세기로 이어서 셉니다</translation>
    </message>
    <message>
        <source>Count Tokens</source>
        <translation>토큰 세기</translation>
    </message>
    <message>
        <source>Count the pair tokens of this file with the tokenizer set (resumes a stopped count)</source>
        <translation>설정된 토크나이저로 이 파일의 쌍 토큰을 셉니다 (멈춘 세기를 이어서 셉니다)</translation>
    </message>
    <message>
        <source>Pair lengths</source>
        <translation>쌍 길이</translation>
    </message>
    <message>
        <source>Tokens are counted once the file is indexed</source>
        <translation>파일 색인이 끝나면 토큰을 셉니다</translation>
    </message>
    <message>
        <source>Could not load the tokenizer %1: %2</source>
        <translation>토크나이저 %1을(를) 불러올 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Tokenizers (*.model *.json);;SentencePiece models (*.model);;All files (*)</source>
        <translation>토크나이저 (*.model *.json);;SentencePiece 모델 (*.model);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Words per pair (question + answer); counting tokens with %1…</source>
        <translation>쌍당 단어 수 (질문 + 답변); %1(으)로 토큰을 세는 중…</translation>
    </message>
    <message>
        <source>Words per pair (question + answer); token count stopped at %1 of %2 records</source>
        <translation>쌍당 단어 수 (질문 + 답변); 토큰 세기가 레코드 %2개 중 %1개에서 멈춤</translation>
    </message>
    <message>
        <source>Words per pair (question + answer, split at whitespace)</source>
        <translation>쌍당 단어 수 (질문 + 답변, 공백으로 나눔)</translation>
    </message>
    <message>
        <source>Resume Token Count</source>
        <translation>토큰 세기 이어서</translation>
    </message>
    <message>
        <source>The pairs file of the last session, %1, is gone.</source>
        <translation>지난 세션의 쌍 파일 %1이(가) 없습니다.</translation>
    </message>
    <message>
        <source>Count pair lengths in tokens of a tokenizer (tokenizer.json or tokenizer.model) instead of whitespace-separated words</source>
        <translation>쌍 길이를 공백으로 구분한 단어 대신 토크나이저(tokenizer.json 또는 tokenizer.model)의 토큰으로 세기</translation>
    </message>
</context>
<context>
    <name>PairsTableModel</name>
    <message>
        <source>Line %1 is not a pairs record: %2</source>
        <translation>%1번째 줄은 쌍 레코드가 아닙니다: %2</translation>
    </message>
    <message>
        <source>malformed line: %1</source>
        <translation>형식 오류 줄: %1</translation>
    </message>
    <message>
        <source>malformed</source>
        <translation>형식 오류</translation>
    </message>
    <message>
        <source>Line number in the pairs file</source>
        <translation>쌍 파일의 줄 번호</translation>
    </message>
    <message>
        <source>Question–answer pairs of the record</source>
        <translation>레코드의 질문–답변 쌍</translation>
    </message>
    <message>
        <source>Length of the text in characters</source>
        <translation>텍스트 길이 (문자 수)</translation>
    </message>
    <message>
        <source>Flagged records (F toggles the flag)</source>
        <translation>플래그가 지정된 레코드 (F로 플래그 전환)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>줄</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>쌍</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>길이</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>방법</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>플래그</translation>
    </message>
</context>
<context>
    <name>PlaygroundPanel</name>
    <message>
        <source>&apos;%1&apos; is not a token id: without a tokenizer the prompt is comma-separated token ids, e.g. 1, 450, 4996</source>
        <translation>&apos;%1&apos;은(는) 토큰 ID가 아닙니다: 토크나이저가 없으면 프롬프트는 쉼표로 구분한 토큰 ID입니다. 예: 1, 450, 4996</translation>
    </message>
    <message>
        <source>The prompt is empty: enter comma-separated token ids, e.g. 1, 450, 4996</source>
        <translation>프롬프트가 비어 있습니다: 쉼표로 구분한 토큰 ID를 입력하세요. 예: 1, 450, 4996</translation>
    </message>
    <message>
        <source>end of sequence</source>
        <translation>시퀀스 끝</translation>
    </message>
    <message>
        <source>stop string</source>
        <translation>정지 문자열</translation>
    </message>
    <message>
        <source>max new tokens reached</source>
        <translation>최대 새 토큰 수 도달</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>컨텍스트 가득 참</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>A Hugging Face model folder (config.json, model.safetensors)</source>
        <translation>Hugging Face 모델 폴더 (config.json, model.safetensors)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Model folder:</source>
        <translation>모델 폴더:</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>생성</translation>
    </message>
    <message>
        <source>Generate a continuation of the prompt (Ctrl+Return)</source>
        <translation>프롬프트의 이어지는 텍스트 생성 (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>프롬프트</translation>
    </message>
    <message>
        <source>Generated text appears here as it is produced.</source>
        <translation>생성된 텍스트가 만들어지는 대로 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Open Model Folder</source>
        <translation>모델 폴더 열기</translation>
    </message>
    <message>
        <source>A job is running; cancel it before opening another model.</source>
        <translation>작업이 실행 중입니다. 다른 모델을 열기 전에 취소하세요.</translation>
    </message>
    <message>
        <source>Choose a model folder first.</source>
        <translation>먼저 모델 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>reading config.json</source>
        <translation>config.json 읽는 중</translation>
    </message>
    <message>
        <source>loading tokenizer</source>
        <translation>토크나이저 불러오는 중</translation>
    </message>
    <message>
        <source>Loading model</source>
        <translation>모델 불러오는 중</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 불러오는 중…</translation>
    </message>
    <message>
        <source>Type a prompt…</source>
        <translation>프롬프트를 입력하세요…</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>%1 불러옴</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>생성 중…</translation>
    </message>
    <message>
        <source>new tokens</source>
        <translation>새 토큰</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>생성 중</translation>
    </message>
    <message>
        <source>Generating… (max new tokens: %1)</source>
        <translation>생성 중… (최대 새 토큰: %1)</translation>
    </message>
    <message>
        <source>Generation stopped: %1 (new tokens: %2)</source>
        <translation>생성 중지: %1 (새 토큰: %2)</translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>생성 실패: %1</translation>
    </message>
    <message>
        <source>Loading %1 cancelled</source>
        <translation>%1 불러오기 취소됨</translation>
    </message>
    <message>
        <source>New tokens: %1</source>
        <translation>새 토큰: %1</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 토큰/초</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>중지: %1</translation>
    </message>
    <message>
        <source>The model of the last session, %1, is gone.</source>
        <translation>지난 세션의 모델 %1이(가) 없습니다.</translation>
    </message>
    <message>
        <source>Could not open the model %1: %2</source>
        <translation>모델 %1을(를) 열 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Could not open the model %1: %2
%3 stays loaded.</source>
        <translation>모델 %1을(를) 열 수 없습니다: %2
%3이(가) 계속 로드되어 있습니다.</translation>
    </message>
    <message>
        <source>The prompt is tokenized with the folder&apos;s %1; a BOS token is prepended where the tokenizer uses one and special tokens such as &lt;s&gt; are recognised.</source>
        <translation>프롬프트는 폴더의 %1(으)로 토큰화됩니다. 토크나이저가 BOS 토큰을 쓰면 앞에 붙이고, &lt;s&gt; 같은 특수 토큰을 인식합니다.</translation>
    </message>
    <message>
        <source>No tokenizer.json or tokenizer.model in this folder: the prompt is comma-separated token ids and the output shows ids.</source>
        <translation>이 폴더에 tokenizer.json이나 tokenizer.model이 없습니다: 프롬프트는 쉼표로 구분한 토큰 ID이고 출력은 ID로 표시됩니다.</translation>
    </message>
    <message>
        <source>end of sequence or stop string</source>
        <translation>시퀀스 끝 또는 정지 문자열</translation>
    </message>
    <message>
        <source>not reported by the server</source>
        <translation>서버가 알리지 않음</translation>
    </message>
    <message>
        <source>The endpoint lists no models.</source>
        <translation>엔드포인트가 나열하는 모델이 없습니다.</translation>
    </message>
    <message>
        <source>The endpoint serves: %1</source>
        <translation>엔드포인트가 제공하는 모델: %1</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>엔드포인트</translation>
    </message>
    <message>
        <source>Local model folder</source>
        <translation>로컬 모델 폴더</translation>
    </message>
    <message>
        <source>Endpoint (OpenAI-compatible completions server)</source>
        <translation>엔드포인트 (OpenAI 호환 completions 서버)</translation>
    </message>
    <message>
        <source>Generate with a model loaded here, or through a server: vLLM, SGLang, TGI, llama.cpp&apos;s server or ipt serve</source>
        <translation>여기서 불러온 모델로, 또는 서버를 통해 생성: vLLM, SGLang, TGI, llama.cpp 서버 또는 ipt serve</translation>
    </message>
    <message>
        <source>Generate with:</source>
        <translation>생성 방식:</translation>
    </message>
    <message>
        <source>The prompt is sent as text; the server tokenizes it with its own tokenizer.</source>
        <translation>프롬프트는 텍스트로 보내지며, 서버가 자체 토크나이저로 토큰화합니다.</translation>
    </message>
    <message>
        <source>Endpoint settings: %1</source>
        <translation>엔드포인트 설정: %1</translation>
    </message>
    <message>
        <source>text pieces</source>
        <translation>텍스트 조각</translation>
    </message>
    <message>
        <source>the endpoint is unavailable: %1</source>
        <translation>엔드포인트를 사용할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>the endpoint refused the request: %1</source>
        <translation>엔드포인트가 요청을 거부했습니다: %1</translation>
    </message>
    <message>
        <source>Generating through %1</source>
        <translation>%1을(를) 통해 생성</translation>
    </message>
    <message>
        <source>Generating through %1… (max new tokens: %2)</source>
        <translation>%1을(를) 통해 생성 중… (최대 새 토큰: %2)</translation>
    </message>
    <message>
        <source>Text pieces received: %1</source>
        <translation>받은 텍스트 조각: %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>%1 records, %2 pairs mined</source>
        <translation>레코드 %1개, 쌍 %2개 추출</translation>
    </message>
    <message>
        <source>%1 was already complete</source>
        <translation>%1은(는) 이미 완료되었습니다</translation>
    </message>
    <message>
        <source>%1 records, %2 pairs made in this run</source>
        <translation>레코드 %1개, 이번 실행에서 쌍 %2개 생성</translation>
    </message>
    <message>
        <source>%1 new tokens, vocabulary %2 -&gt; %3</source>
        <translation>새 토큰 %1개, 어휘 %2 -&gt; %3</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>예(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>아니요(&amp;N)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>적용</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>버리기</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>도움말</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>초기화</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>기본값 복원</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>중단</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>다시 시도</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>무시</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>모두 저장</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>모두 예(&amp;A)</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>모두 아니요(&amp;O)</translation>
    </message>
</context>
<context>
    <name>RecentList</name>
    <message>
        <source>Clear List</source>
        <translation>목록 지우기</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>Average</source>
        <translation>평균</translation>
    </message>
    <message>
        <source> (baseline)</source>
        <translation> (기준 실행)</translation>
    </message>
    <message>
        <source>Published: %1</source>
        <translation>발표됨: %1</translation>
    </message>
    <message>
        <source>The published average of this reference row</source>
        <translation>이 참고 행의 발표된 평균</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>No task that every selected run has</source>
        <translation>선택한 모든 실행에 있는 태스크가 없습니다</translation>
    </message>
    <message>
        <source>Mean %1 over the one task every selected run has: %2</source>
        <translation>선택한 모든 실행에 있는 태스크 하나에 대한 %1 평균: %2</translation>
    </message>
    <message>
        <source>Mean %1 over the %2 tasks every selected run has: %3</source>
        <translation>선택한 모든 실행에 있는 태스크 %2개에 대한 %1 평균: %3</translation>
    </message>
    <message>
        <source>Left out (some selected run lacks them): %1</source>
        <translation>제외됨 (선택한 실행 중 일부에 없음): %1</translation>
    </message>
    <message>
        <source>%1 average</source>
        <translation>%1 평균</translation>
    </message>
    <message>
        <source>%1 (1 task)</source>
        <translation>%1 (태스크 1개)</translation>
    </message>
    <message>
        <source>%1 (%2 tasks)</source>
        <translation>%1 (태스크 %2개)</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>± stderr</source>
        <translation>± 표준 오차</translation>
    </message>
    <message>
        <source>Import lm-eval Results…</source>
        <translation>lm-eval 결과 가져오기…</translation>
    </message>
    <message>
        <source>Add an lm-evaluation-harness results JSON to the workspace under a run name</source>
        <translation>lm-evaluation-harness 결과 JSON을 실행 이름으로 작업 공간에 추가</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>지표:</translation>
    </message>
    <message>
        <source>Baseline:</source>
        <translation>기준 실행:</translation>
    </message>
    <message>
        <source>Could not read the workspace&apos;s results: %1</source>
        <translation>작업 공간의 결과를 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>Open a workspace to compare its evaluation results.</source>
        <translation>평가 결과를 비교하려면 작업 공간을 여세요.</translation>
    </message>
    <message>
        <source>Open a workspace first (File &gt; Open Workspace…): results are filed in it.</source>
        <translation>먼저 작업 공간을 여세요 (파일 &gt; 작업 공간 열기…): 결과는 작업 공간에 저장됩니다.</translation>
    </message>
    <message>
        <source>Give a run name to file the results under.</source>
        <translation>결과를 저장할 실행 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Imported %1 into %2 (%3 results)</source>
        <translation>%1을(를) %2에 가져왔습니다 (결과 %3개)</translation>
    </message>
    <message>
        <source>Could not import %1: %2</source>
        <translation>%1을(를) 가져올 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Import lm-evaluation-harness Results</source>
        <translation>lm-evaluation-harness 결과 가져오기</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON 파일 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Import Results</source>
        <translation>결과 가져오기</translation>
    </message>
    <message>
        <source>Run name for these results:</source>
        <translation>이 결과의 실행 이름:</translation>
    </message>
    <message>
        <source>Export Results as CSV</source>
        <translation>결과를 CSV로 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Export Chart as PNG</source>
        <translation>차트를 PNG로 내보내기</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>모든 태스크</translation>
    </message>
    <message>
        <source>General benchmarks (Instruction PT, Table 1)</source>
        <translation>일반 벤치마크 (Instruction PT, 표 1)</translation>
    </message>
    <message>
        <source>NLI / SUM / SPAN × language (vocabulary expansion, Table 1)</source>
        <translation>NLI / SUM / SPAN × 언어 (어휘 확장, 표 1)</translation>
    </message>
    <message>
        <source>The metric of sections without one of their own</source>
        <translation>자체 지표가 없는 구역의 지표</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Show the number of examples each score was computed on</source>
        <translation>각 점수를 계산한 예제 수를 표시</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <source>Table as CSV…</source>
        <translation>표를 CSV로…</translation>
    </message>
    <message>
        <source>Table as Markdown…</source>
        <translation>표를 Markdown으로…</translation>
    </message>
    <message>
        <source>Export Results as Markdown</source>
        <translation>결과를 Markdown으로 내보내기</translation>
    </message>
    <message>
        <source>Markdown files (*.md)</source>
        <translation>Markdown 파일 (*.md)</translation>
    </message>
    <message>
        <source>Table as LaTeX…</source>
        <translation>표를 LaTeX로…</translation>
    </message>
    <message>
        <source>Export Results as LaTeX</source>
        <translation>결과를 LaTeX로 내보내기</translation>
    </message>
    <message>
        <source>LaTeX files (*.tex)</source>
        <translation>LaTeX 파일 (*.tex)</translation>
    </message>
    <message>
        <source>Chart as PNG…</source>
        <translation>차트를 PNG로…</translation>
    </message>
    <message>
        <source>Tasks:</source>
        <translation>태스크:</translation>
    </message>
    <message>
        <source>Filter runs by name</source>
        <translation>이름으로 실행 거르기</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>모든 종류</translation>
    </message>
    <message>
        <source>Published (papers)</source>
        <translation>발표됨 (논문)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Checked rows that pass the filters are compared</source>
        <translation>필터를 통과하는 체크된 행을 비교합니다</translation>
    </message>
    <message>
        <source>All</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>None</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>published</source>
        <translation>발표됨</translation>
    </message>
    <message>
        <source>Published: %1</source>
        <translation>발표됨: %1</translation>
    </message>
    <message>
        <source>No evaluation results in this workspace yet: run ipt eval, or import lm-evaluation-harness results. The papers&apos; published rows can be checked meanwhile.</source>
        <translation>이 작업 공간에는 아직 평가 결과가 없습니다: ipt eval을 실행하거나 lm-evaluation-harness 결과를 가져오세요. 그동안 논문의 발표된 행을 체크할 수 있습니다.</translation>
    </message>
    <message>
        <source>Check runs on the left to compare them.</source>
        <translation>비교할 실행을 왼쪽에서 체크하세요.</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1을(를) 저장했습니다</translation>
    </message>
</context>
<context>
    <name>RunList</name>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>디렉터리</translation>
    </message>
</context>
<context>
    <name>RunNames</name>
    <message>
        <source>training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>synthesis</source>
        <translation>합성</translation>
    </message>
    <message>
        <source>vocabulary</source>
        <translation>어휘</translation>
    </message>
    <message>
        <source>evaluation</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>training here</source>
        <translation>여기서 학습 중</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>시스템 언어</translation>
    </message>
    <message>
        <source>A new language takes effect when the workbench is started again.</source>
        <translation>새 언어는 워크벤치를 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>언어(&amp;L):</translation>
    </message>
</context>
<context>
    <name>SynthesisLaunchDialog</name>
    <message>
        <source>Synthesize Pairs</source>
        <translation>쌍 합성</translation>
    </message>
    <message>
        <source>raw corpus: .jsonl or .txt</source>
        <translation>원시 코퍼스: .jsonl 또는 .txt</translation>
    </message>
    <message>
        <source>Rule-based miner</source>
        <translation>규칙 기반 추출기</translation>
    </message>
    <message>
        <source>Synthesizer model</source>
        <translation>합성기 모델</translation>
    </message>
    <message>
        <source>Hugging Face model folder</source>
        <translation>Hugging Face 모델 폴더</translation>
    </message>
    <message>
        <source>Multi-round chaining: 2 for general corpora, 3 for domain corpora (the paper&apos;s M)</source>
        <translation>다중 라운드 연결: 일반 코퍼스는 2, 도메인 코퍼스는 3 (논문의 M)</translation>
    </message>
    <message>
        <source>the output&apos;s name</source>
        <translation>출력 이름</translation>
    </message>
    <message>
        <source>Raw corpus:</source>
        <translation>원시 코퍼스:</translation>
    </message>
    <message>
        <source>Raw Corpus</source>
        <translation>원시 코퍼스</translation>
    </message>
    <message>
        <source>Corpora (*.jsonl *.txt);;All files (*)</source>
        <translation>코퍼스 (*.jsonl *.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Text field:</source>
        <translation>텍스트 필드:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>방법:</translation>
    </message>
    <message>
        <source>Synthesizer:</source>
        <translation>합성기:</translation>
    </message>
    <message>
        <source>Synthesizer Model</source>
        <translation>합성기 모델</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>최대 새 토큰:</translation>
    </message>
    <message>
        <source>Rounds:</source>
        <translation>라운드:</translation>
    </message>
    <message>
        <source>Pairs file:</source>
        <translation>쌍 파일:</translation>
    </message>
    <message>
        <source>Pairs File</source>
        <translation>쌍 파일</translation>
    </message>
    <message>
        <source>Pairs files (*.jsonl)</source>
        <translation>쌍 파일 (*.jsonl)</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>실행 이름:</translation>
    </message>
    <message>
        <source>Raw corpus: choose the file to synthesize pairs for.</source>
        <translation>원시 코퍼스: 쌍을 합성할 파일을 고르세요.</translation>
    </message>
    <message>
        <source>Raw corpus: %1 is not a file.</source>
        <translation>원시 코퍼스: %1은(는) 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>Text field: give the JSONL field that holds the text.</source>
        <translation>텍스트 필드: 텍스트가 든 JSONL 필드를 지정하세요.</translation>
    </message>
    <message>
        <source>Synthesizer: choose a model folder.</source>
        <translation>합성기: 모델 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>Synthesizer: %1 has no config.json.</source>
        <translation>합성기: %1에 config.json이 없습니다.</translation>
    </message>
    <message>
        <source>Pairs file: give where the pairs go.</source>
        <translation>쌍 파일: 쌍을 둘 곳을 지정하세요.</translation>
    </message>
    <message>
        <source>Pairs file: it would overwrite the raw corpus.</source>
        <translation>쌍 파일: 원시 코퍼스를 덮어쓰게 됩니다.</translation>
    </message>
    <message>
        <source>Endpoint (OpenAI-compatible completions server)</source>
        <translation>엔드포인트 (OpenAI 호환 completions 서버)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>엔드포인트</translation>
    </message>
</context>
<context>
    <name>SynthesisPlayground</name>
    <message>
        <source>Paste a raw text here…</source>
        <translation>여기에 원문 텍스트를 붙여 넣으세요…</translation>
    </message>
    <message>
        <source>Rule-based miner</source>
        <translation>규칙 기반 추출기</translation>
    </message>
    <message>
        <source>Synthesizer…</source>
        <translation>합성기…</translation>
    </message>
    <message>
        <source>Synthesize</source>
        <translation>합성</translation>
    </message>
    <message>
        <source>Mine or generate the pairs of the text (Ctrl+Return)</source>
        <translation>텍스트의 쌍을 추출하거나 생성합니다 (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>소스:</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>최대 새 토큰 수:</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>취소되었습니다.</translation>
    </message>
    <message>
        <source>Synthesizer Model Folder</source>
        <translation>합성기 모델 폴더</translation>
    </message>
    <message>
        <source>Mining…</source>
        <translation>추출 중…</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>생성 중…</translation>
    </message>
    <message>
        <source>Synthesizing pairs</source>
        <translation>쌍 합성 중</translation>
    </message>
    <message>
        <source>Rejected by the parser</source>
        <translation>파서가 거부한 조각</translation>
    </message>
    <message>
        <source>Raw output</source>
        <translation>원시 출력</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) mined.</source>
        <translation>
            <numerusform>쌍 %n개를 추출했습니다.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) from %1 generated tokens.</source>
        <translation>
            <numerusform>생성된 토큰 %1개에서 쌍 %n개.</numerusform>
        </translation>
    </message>
    <message>
        <source>Endpoint (completions server)</source>
        <translation>엔드포인트 (completions 서버)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>엔드포인트</translation>
    </message>
    <message>
        <source>the endpoint is unavailable: %1</source>
        <translation>엔드포인트를 사용할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Generating through %1…</source>
        <translation>%1을(를) 통해 생성 중…</translation>
    </message>
</context>
<context>
    <name>SynthesizerEndpointForm</name>
    <message>
        <source>tokenizer.model, tokenizer.json or the synthesizer&apos;s model folder</source>
        <translation>tokenizer.model, tokenizer.json 또는 합성기의 모델 폴더</translation>
    </message>
    <message>
        <source>The served synthesizer&apos;s tokenizer: prompts are encoded and fitted to the context with it, exactly as for a local synthesizer</source>
        <translation>제공되는 합성기의 토크나이저: 로컬 합성기와 똑같이 프롬프트를 이것으로 인코딩하고 컨텍스트에 맞춥니다</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>The served model&apos;s context in tokens: prompt and new tokens fit in it</source>
        <translation>제공되는 모델의 컨텍스트(토큰 수): 프롬프트와 새 토큰이 그 안에 들어갑니다</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>토크나이저:</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>컨텍스트:</translation>
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation>엔드포인트: %1</translation>
    </message>
    <message>
        <source>Tokenizer: synthesis through an endpoint needs the synthesizer&apos;s tokenizer, to fit prompts to the context: choose its tokenizer.model or tokenizer.json, or the model folder that holds it.</source>
        <translation>토크나이저: 엔드포인트를 통한 합성에는 프롬프트를 컨텍스트에 맞추기 위해 합성기의 토크나이저가 필요합니다. tokenizer.model 또는 tokenizer.json, 또는 이를 담은 모델 폴더를 선택하세요.</translation>
    </message>
    <message>
        <source>Tokenizer: %1 does not exist.</source>
        <translation>토크나이저: %1이(가) 없습니다.</translation>
    </message>
    <message>
        <source>Synthesizer Tokenizer</source>
        <translation>합성기 토크나이저</translation>
    </message>
    <message>
        <source>Tokenizers (tokenizer.model tokenizer.json *.model *.json);;All files (*)</source>
        <translation>토크나이저 (tokenizer.model tokenizer.json *.model *.json);;모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Add Directory…</source>
        <translation>디렉터리 추가…</translation>
    </message>
    <message>
        <source>Follow a run directory started elsewhere (CLI, torchrun, a GPU node)</source>
        <translation>다른 곳(CLI, torchrun, GPU 노드)에서 시작한 실행 디렉터리 따라가기</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Stop the selected run after its current step, with a checkpoint</source>
        <translation>선택한 실행을 현재 스텝 뒤에 체크포인트와 함께 중지</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>재개</translation>
    </message>
    <message>
        <source>Continue the selected run from its latest checkpoint</source>
        <translation>선택한 실행을 최신 체크포인트에서 이어서 학습</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>run name (default: run-&lt;date&gt;-&lt;time&gt;)</source>
        <translation>실행 이름 (기본값: run-&lt;날짜&gt;-&lt;시각&gt;)</translation>
    </message>
    <message>
        <source>Open TOML…</source>
        <translation>TOML 열기…</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Train this config as a new run in the workspace (Ctrl+Return)</source>
        <translation>이 설정을 작업 공간의 새 실행으로 학습 (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Relative paths in the config are read from the working directory %1, as by ipt train.</source>
        <translation>설정의 상대 경로는 ipt train과 같이 작업 디렉터리 %1 기준으로 읽습니다.</translation>
    </message>
    <message>
        <source>New run (run.toml)</source>
        <translation>새 실행 (run.toml)</translation>
    </message>
    <message>
        <source>Could not list the workspace&apos;s runs: %1</source>
        <translation>작업 공간의 실행 목록을 읽을 수 없습니다: %1</translation>
    </message>
    <message>
        <source>%1 is not a run directory: it has no config.toml</source>
        <translation>%1은(는) 실행 디렉터리가 아닙니다: config.toml이 없습니다</translation>
    </message>
    <message>
        <source>Following %1</source>
        <translation>%1을(를) 따라가는 중</translation>
    </message>
    <message>
        <source>Could not index %1 in the workspace: %2</source>
        <translation>%1을(를) 작업 공간에 색인할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Add Run Directory</source>
        <translation>실행 디렉터리 추가</translation>
    </message>
    <message>
        <source>Stopped following %1: %2</source>
        <translation>%1 따라가기를 멈췄습니다: %2</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1을(를) 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Open Run Config</source>
        <translation>실행 설정 열기</translation>
    </message>
    <message>
        <source>TOML files (*.toml);;All files (*)</source>
        <translation>TOML 파일 (*.toml);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Open a workspace first (File &gt; Open Workspace…): runs are created in it.</source>
        <translation>먼저 작업 공간을 여세요 (파일 &gt; 작업 공간 열기…): 실행은 작업 공간에 만들어집니다.</translation>
    </message>
    <message>
        <source>The config has a problem: %1</source>
        <translation>설정에 문제가 있습니다: %1</translation>
    </message>
    <message>
        <source>Training %1</source>
        <translation>%1 학습 중</translation>
    </message>
    <message>
        <source>Select a run with a directory to resume.</source>
        <translation>재개할, 디렉터리가 있는 실행을 고르세요.</translation>
    </message>
    <message>
        <source>%1 is already training here.</source>
        <translation>%1은(는) 이미 여기서 학습 중입니다.</translation>
    </message>
    <message>
        <source>%1 has finished all its steps; there is nothing to resume.</source>
        <translation>%1은(는) 모든 스텝을 마쳤습니다. 재개할 것이 없습니다.</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>%1 재개 중</translation>
    </message>
    <message>
        <source>%1 finished</source>
        <translation>%1 완료</translation>
    </message>
    <message>
        <source>%1 stopped; Resume continues it from its checkpoint</source>
        <translation>%1 중지됨; 재개하면 체크포인트에서 이어집니다</translation>
    </message>
    <message>
        <source>Training %1 failed: %2</source>
        <translation>%1 학습 실패: %2</translation>
    </message>
    <message>
        <source>%1 started in %2</source>
        <translation>%1이(가) %2에서 시작되었습니다</translation>
    </message>
    <message>
        <source>Stopping %1 after its current step…</source>
        <translation>현재 스텝 뒤에 %1을(를) 중지하는 중…</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>%1 읽는 중</translation>
    </message>
    <message>
        <source>%1: skipped lines that are not metrics records:
%2</source>
        <translation>%1: 지표 레코드가 아닌 줄을 건너뛰었습니다:
%2</translation>
    </message>
    <message>
        <source>Could not index %1: %2</source>
        <translation>%1을(를) 색인할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1 cannot be resumed: %2</source>
        <translation>%1을(를) 재개할 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for Instruction Pre-Training and vocabulary expansion</source>
        <translation>지시 사전 학습과 어휘 확장을 위한 워크벤치</translation>
    </message>
    <message>
        <source>Open the model folder &lt;dir&gt; at start.</source>
        <translation>시작할 때 모델 폴더 &lt;dir&gt;을(를) 엽니다.</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>dir</translation>
    </message>
    <message>
        <source>Close the window after &lt;ms&gt; milliseconds.</source>
        <translation>&lt;ms&gt;밀리초 뒤에 창을 닫습니다.</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Open the workspace folder &lt;dir&gt; (default: the last one, or the demo workspace on first start).</source>
        <translation>작업 공간 폴더 &lt;dir&gt;을(를) 엽니다 (기본값: 마지막 작업 공간, 처음 시작할 때는 데모 작업 공간).</translation>
    </message>
    <message>
        <source>Write a PNG of each panel to &lt;dir&gt;, then quit (after --quit-after milliseconds, default 3000).</source>
        <translation>각 패널의 PNG를 &lt;dir&gt;에 쓰고 끝냅니다 (--quit-after 밀리초 뒤, 기본값 3000).</translation>
    </message>
    <message>
        <source>Interface language for this start: en, de or ko.</source>
        <translation>이번 시작의 인터페이스 언어: en, de, ko.</translation>
    </message>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>Open the pairs file &lt;file&gt; at start.</source>
        <translation>시작할 때 쌍 파일 &lt;file&gt;을(를) 엽니다.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>file</translation>
    </message>
</context>
</TS>
