<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnalysisPage</name>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1：已取消</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>AttentionPage</name>
    <message>
        <source>A caption or question about the image…</source>
        <translation>关于图像的描述或问题…</translation>
    </message>
    <message>
        <source>Opacity of the map</source>
        <translation>热图的不透明度</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Query:</source>
        <translation>查询：</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>图像：</translation>
    </message>
    <message>
        <source>Map:</source>
        <translation>热图：</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>配色：</translation>
    </message>
    <message>
        <source>Opacity:</source>
        <translation>不透明度：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Query tokens&lt;/b&gt; (colour: relevancy to the match)</source>
        <translation>&lt;b&gt;查询词元&lt;/b&gt;（颜色：与匹配的相关性）</translation>
    </message>
    <message>
        <source>What the model heard (silence trimmed) and, below it, the relevancy of each 80 ms</source>
        <translation>模型听到的内容（已去除静音），下方为每 80 毫秒的相关性</translation>
    </message>
    <message>
        <source>Type a query and pick an image first.</source>
        <translation>请先输入查询并选择一张图像。</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>This model compares whole embeddings: the map is the relevancy of the whole query; the chips say how much each token contributes.</source>
        <translation>此模型比较的是整体嵌入：热图显示整个查询的相关性；词元标签表示每个词元的贡献大小。</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>PNG 图像…</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>JSON data…</source>
        <translation>JSON 数据…</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Add an image to the library, then type a query.</source>
        <translation>请先向资料库添加一张图像，然后输入查询。</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>Explain the match</source>
        <translation>解释匹配结果</translation>
    </message>
    <message>
        <source>Relevancy</source>
        <translation>相关性</translation>
    </message>
    <message>
        <source>Gradient × attention, accumulated over the layers (Chefer et al. 2021)</source>
        <translation>梯度 × 注意力，逐层累积（Chefer 等，2021）</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>注意力展开</translation>
    </message>
    <message>
        <source>Attention rollout: the layers&apos; head-mean attention multiplied through (Abnar and Zuidema 2020)</source>
        <translation>注意力展开：将各层的多头平均注意力逐层相乘（Abnar 和 Zuidema，2020）</translation>
    </message>
    <message>
        <source>Layer %1 · mean of heads</source>
        <translation>第 %1 层 · 各头平均</translation>
    </message>
    <message>
        <source>Layer %1 · head %2</source>
        <translation>第 %1 层 · 第 %2 个头</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; %2&lt;br&gt;against &lt;b&gt;%3&lt;/b&gt;&lt;br&gt;cosine %4 · logit %5&lt;br&gt;%6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; %2&lt;br&gt;对比 &lt;b&gt;%3&lt;/b&gt;&lt;br&gt;余弦 %4 · logit %5&lt;br&gt;%6</translation>
    </message>
    <message>
        <source>Each speech chip is %1 ms of the clip (after leading silence).</source>
        <translation>每个语音词元对应片段中的 %1 毫秒（从开头静音之后算起）。</translation>
    </message>
</context>
<context>
    <name>EmbeddingMapPage</name>
    <message>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>Projection:</source>
        <translation>投影：</translation>
    </message>
    <message>
        <source>Compare selection</source>
        <translation>比较所选项目</translation>
    </message>
    <message>
        <source>Open the lasso&apos;s items in the similarity matrix</source>
        <translation>在相似度矩阵中打开套索选中的项目</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) selected: “Compare selection” opens them in the similarity matrix.</source>
        <translation>
            <numerusform>已选中 %n 个项目：点击“比较所选项目”可在相似度矩阵中打开它们。</numerusform>
        </translation>
    </message>
    <message>
        <source>Draw a lasso around some points first (drag with the left button).</source>
        <translation>请先用套索圈选一些点（按住左键拖动）。</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>PNG 图像…</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>PDF document…</source>
        <translation>PDF 文档…</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>CSV data…</source>
        <translation>CSV 数据…</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>The map needs at least four items of the chosen kinds.</source>
        <translation>嵌入图至少需要四个所选类型的项目。</translation>
    </message>
    <message numerus="yes">
        <source>t-SNE map of %n item(s)</source>
        <translation>
            <numerusform>%n 个项目的 t-SNE 图</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>PCA map of %n item(s)</source>
        <translation>
            <numerusform>%n 个项目的 PCA 图</numerusform>
        </translation>
    </message>
    <message>
        <source>PC 1 (%1 % of the variance)</source>
        <translation>PC 1（占方差的 %1 %）</translation>
    </message>
    <message>
        <source>PC 2 (%1 %)</source>
        <translation>PC 2（%1 %）</translation>
    </message>
    <message>
        <source>t-SNE 1</source>
        <translation>t-SNE 1</translation>
    </message>
    <message>
        <source>t-SNE 2</source>
        <translation>t-SNE 2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Modality gap&lt;/b&gt; (1 − cosine of the modality centroids): %1. Lines join paired items; drag a lasso to select.</source>
        <translation>&lt;b&gt;模态鸿沟&lt;/b&gt;（1 − 各模态质心间的余弦）：%1。连线连接配对的项目；拖动套索即可选择。</translation>
    </message>
    <message>
        <source>one modality only</source>
        <translation>仅有一种模态</translation>
    </message>
</context>
<context>
    <name>EngineBridge</name>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Checking the compute device</source>
        <translation>检查计算设备</translation>
    </message>
</context>
<context>
    <name>EngineStatus</name>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>Measured matrix multiply: %1 GFLOP/s</source>
        <translation>实测矩阵乘法：%1 GFLOP/s</translation>
    </message>
    <message>
        <source>Threads: %1 (BLAS %2)</source>
        <translation>线程：%1（BLAS %2）</translation>
    </message>
    <message>
        <source>Threads: %1</source>
        <translation>线程：%1</translation>
    </message>
    <message>
        <source>Device: unavailable</source>
        <translation>设备：不可用</translation>
    </message>
    <message>
        <source>Compute device</source>
        <translation>计算设备</translation>
    </message>
    <message>
        <source>Device: checking…</source>
        <translation>设备：正在检测…</translation>
    </message>
    <message>
        <source>Threads: –</source>
        <translation>线程：–</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>取消正在运行的任务</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1
FusionScope uses the CPU instead.</source>
        <translation>%1
FusionScope 将改用 CPU。</translation>
    </message>
</context>
<context>
    <name>EvaluationPage</name>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Queries</source>
        <translation>查询数</translation>
    </message>
    <message>
        <source>R@1</source>
        <translation>R@1</translation>
    </message>
    <message>
        <source>R@5</source>
        <translation>R@5</translation>
    </message>
    <message>
        <source>R@10</source>
        <translation>R@10</translation>
    </message>
    <message>
        <source>Median rank</source>
        <translation>中位排名</translation>
    </message>
    <message>
        <source>Mean rank</source>
        <translation>平均排名</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Rank of its pair</source>
        <translation>配对项的排名</translation>
    </message>
    <message>
        <source>Ranked first</source>
        <translation>排名第一</translation>
    </message>
    <message>
        <source>Open ranking</source>
        <translation>打开排序结果</translation>
    </message>
    <message>
        <source>Similarity row</source>
        <translation>相似度行</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Selected query:</source>
        <translation>所选查询：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Retrieval in every direction&lt;/b&gt; over the library&apos;s pairs (each query against every library item of the target modality)</source>
        <translation>&lt;b&gt;各方向的检索&lt;/b&gt;，基于资料库中的配对（每个查询与资料库中目标模态的所有项目进行比较）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Queries&lt;/b&gt; of the selected direction, misses first</source>
        <translation>所选方向的&lt;b&gt;查询&lt;/b&gt;，未命中的排在前面</translation>
    </message>
    <message>
        <source>Select a query first.</source>
        <translation>请先选择一个查询。</translation>
    </message>
    <message>
        <source>Attention maps explain a match with an image; this direction has none.</source>
        <translation>注意力图用于解释与图像的匹配；此方向不涉及图像。</translation>
    </message>
    <message>
        <source>CSV data…</source>
        <translation>CSV 数据…</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON data…</source>
        <translation>JSON 数据…</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Evaluation needs paired items (a manifest with images and their captions or speech).</source>
        <translation>评估需要配对的项目（包含图像及其描述或语音的清单）。</translation>
    </message>
    <message numerus="yes">
        <source>Evaluate retrieval in %n direction(s)</source>
        <translation>
            <numerusform>评估 %n 个方向的检索</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a direction, then a query: double-click opens its ranking.</source>
        <translation>先选择一个方向，再选择一个查询：双击可打开其排序结果。</translation>
    </message>
    <message>
        <source>Retrieval</source>
        <translation>检索</translation>
    </message>
    <message>
        <source>Questions (VQA)</source>
        <translation>问答（VQA）</translation>
    </message>
    <message>
        <source>Question answering, CSV…</source>
        <translation>问答结果，CSV…</translation>
    </message>
    <message>
        <source>Question answering, JSON…</source>
        <translation>问答结果，JSON…</translation>
    </message>
    <message>
        <source>The shapes VQA models are not installed.</source>
        <translation>形状问答模型未安装。</translation>
    </message>
    <message>
        <source>Answering the questions of %1…</source>
        <translation>正在回答 %1 中的问题…</translation>
    </message>
    <message>
        <source>Evaluate question answering</source>
        <translation>评估问答</translation>
    </message>
    <message>
        <source>Question answering could not be scored: %1</source>
        <translation>无法为问答评分：%1</translation>
    </message>
</context>
<context>
    <name>FusionLabPage</name>
    <message>
        <source>Train and compare</source>
        <translation>训练并比较</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Strategies:</source>
        <translation>策略：</translation>
    </message>
    <message>
        <source>Training scenes (20 questions each); the same for every strategy</source>
        <translation>训练场景（每个 20 个问题）；所有策略相同</translation>
    </message>
    <message>
        <source>Passes over the training questions</source>
        <translation>遍历训练问题的次数</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open results…</source>
        <translation>打开结果…</translation>
    </message>
    <message>
        <source>Scenes:</source>
        <translation>场景：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Accuracy with a modality masked out (marked missing, not zeroed): a strategy that ignores the question scores near chance without the image and the same without the question. The late-fusion weights and the gate values per layer are in the comparison table.</source>
        <translation>屏蔽一种模态（标记为缺失，而非置零）后的准确率：忽略问题的策略在没有图像时接近随机水平，没有问题时则不变。晚期融合权重和各层门控值见比较表。</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <source>Modalities</source>
        <translation>模态</translation>
    </message>
    <message>
        <source>Open Fusion Lab results</source>
        <translation>打开融合实验室结果</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Comparison chart (PNG)…</source>
        <translation>比较图（PNG）…</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>Comparison chart (PDF)…</source>
        <translation>比较图（PDF）…</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Training curves (PNG)…</source>
        <translation>训练曲线（PNG）…</translation>
    </message>
    <message>
        <source>Training curves (PDF)…</source>
        <translation>训练曲线（PDF）…</translation>
    </message>
    <message>
        <source>Results (JSON)…</source>
        <translation>结果（JSON）…</translation>
    </message>
    <message>
        <source>Choose strategies and press Train and compare.</source>
        <translation>请选择策略，然后点击“训练并比较”。</translation>
    </message>
    <message>
        <source>Choose at least one strategy.</source>
        <translation>请至少选择一种策略。</translation>
    </message>
    <message>
        <source>Training %1 on %2 scenes for %3 epoch(s)…</source>
        <translation>正在用 %2 个场景训练 %1，共 %3 轮…</translation>
    </message>
    <message>
        <source>Fusion Lab</source>
        <translation>融合实验室</translation>
    </message>
    <message>
        <source>Fusion Lab: %1 (%2 % of the run)</source>
        <translation>融合实验室：%1（已完成 %2 %）</translation>
    </message>
    <message>
        <source>The run stopped before it finished.</source>
        <translation>运行在完成前已停止。</translation>
    </message>
    <message>
        <source>The run stopped; the results shown are the previous ones.</source>
        <translation>运行已停止；显示的是之前的结果。</translation>
    </message>
    <message>
        <source>Results shipped with FusionScope (made by fusionscope-cli lab on %1 scenes, %2 epoch(s)); press Train and compare to run the lab here.</source>
        <translation>FusionScope 自带的结果（由 fusionscope-cli lab 在 %1 个场景上训练 %2 轮得到）；点击“训练并比较”可在此运行实验。</translation>
    </message>
    <message>
        <source>Trained on %1 scenes for %2 epoch(s) each, tested on 200 new scenes (4,000 questions).</source>
        <translation>每种策略在 %1 个场景上训练 %2 轮，并在 200 个新场景（4,000 个问题）上测试。</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Relational</source>
        <translation>关系类</translation>
    </message>
    <message>
        <source>Non-relational</source>
        <translation>非关系类</translation>
    </message>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>No question</source>
        <translation>无问题</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>ms / question</source>
        <translation>毫秒 / 问题</translation>
    </message>
    <message>
        <source>Attention on the object</source>
        <translation>对目标物体的注意力</translation>
    </message>
    <message>
        <source>Late weights (image, question)</source>
        <translation>晚期融合权重（图像，问题）</translation>
    </message>
    <message>
        <source>Gates per layer</source>
        <translation>各层门控值</translation>
    </message>
    <message>
        <source>%1 steps, %2 s</source>
        <translation>%1 步，%2 秒</translation>
    </message>
    <message>
        <source>both</source>
        <translation>两者都有</translation>
    </message>
    <message>
        <source>image masked</source>
        <translation>屏蔽图像</translation>
    </message>
    <message>
        <source>question masked</source>
        <translation>屏蔽问题</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
</context>
<context>
    <name>FusionStrategy</name>
    <message>
        <source>Early fusion</source>
        <translation>早期融合</translation>
    </message>
    <message>
        <source>Late fusion</source>
        <translation>晚期融合</translation>
    </message>
    <message>
        <source>Cross-modal attention</source>
        <translation>跨模态注意力</translation>
    </message>
    <message>
        <source>Gated cross-attention</source>
        <translation>门控交叉注意力</translation>
    </message>
</context>
<context>
    <name>HeatmapView</name>
    <message>
        <source>%1 × %2: %3</source>
        <translation>%1 × %2：%3</translation>
    </message>
</context>
<context>
    <name>InspectorDock</name>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Select an item in the library to inspect it.</source>
        <translation>在资料库中选择一个项目以进行检查。</translation>
    </message>
    <message>
        <source>Zoom (Ctrl+wheel over the image)</source>
        <translation>缩放（在图像上使用 Ctrl+滚轮）</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Zoom:</source>
        <translation>缩放：</translation>
    </message>
    <message>
        <source>Paired with:</source>
        <translation>配对项：</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <source> · language: %1</source>
        <translation> · 语言：%1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source> · %1 × %2 pixels</source>
        <translation> · %1 × %2 像素</translation>
    </message>
    <message>
        <source>Read %1</source>
        <translation>读取 %1</translation>
    </message>
    <message>
        <source> · %1 s, %2 Hz</source>
        <translation> · %1 秒，%2 Hz</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Cannot play: %1</source>
        <translation>无法播放：%1</translation>
    </message>
    <message>
        <source>No audio output on this machine</source>
        <translation>本机没有音频输出设备</translation>
    </message>
    <message>
        <source>Playing</source>
        <translation>正在播放</translation>
    </message>
</context>
<context>
    <name>LibraryDock</name>
    <message>
        <source>Library</source>
        <translation>资料库</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>全部项目</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Texts</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>Search names and texts</source>
        <translation>搜索名称和文本</translation>
    </message>
    <message>
        <source>%1 shown · %2 images · %3 texts · %4 audio</source>
        <translation>显示 %1 项 · 图像 %2 · 文本 %3 · 音频 %4</translation>
    </message>
</context>
<context>
    <name>LibraryIntake</name>
    <message>
        <source>Cannot speak “%1”</source>
        <translation>无法朗读“%1”</translation>
    </message>
    <message>
        <source>Some files could not be added</source>
        <translation>部分文件无法添加</translation>
    </message>
    <message numerus="yes">
        <source>Added %n item(s) to the library</source>
        <translation>
            <numerusform>已向资料库添加 %n 个项目</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot paste the image</source>
        <translation>无法粘贴图像</translation>
    </message>
    <message>
        <source>%1: cannot write the file</source>
        <translation>%1：无法写入文件</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>typed</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <source>spoken</source>
        <translation>朗读</translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <translation>%1 [%2]</translation>
    </message>
    <message>
        <source>%1: cannot read it (%2)</source>
        <translation>%1：无法读取（%2）</translation>
    </message>
    <message>
        <source>%1: not UTF-8 text</source>
        <translation>%1：不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>%1: holds no text</source>
        <translation>%1：不含任何文本</translation>
    </message>
    <message>
        <source>%1: no such file or folder</source>
        <translation>%1：文件或文件夹不存在</translation>
    </message>
    <message>
        <source>%1: not an image, audio, text or manifest file</source>
        <translation>%1：不是图像、音频、文本或清单文件</translation>
    </message>
    <message>
        <source>Texts</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>%1 (%2 s)</source>
        <translation>%1（%2 秒）</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n more lines skipped</source>
        <translation>
            <numerusform>%1：另有 %n 行被跳过</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>&amp;New workspace</source>
        <translation>新建工作区(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open workspace…</source>
        <translation>打开工作区(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <source>FusionScope workspaces (*.fsw);;All files (*)</source>
        <translation>FusionScope 工作区 (*.fsw);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Save the workspace</source>
        <translation>保存工作区</translation>
    </message>
    <message>
        <source>FusionScope workspaces (*.fsw)</source>
        <translation>FusionScope 工作区 (*.fsw)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>%1[*] — FusionScope</source>
        <translation>%1[*] — FusionScope</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Add files…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>Open images, audio, texts or manifests</source>
        <translation>打开图像、音频、文本或清单</translation>
    </message>
    <message>
        <source>Supported files (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.wav *.flac *.ogg *.mp3 *.txt *.jsonl *.csv *.json);;All files (*)</source>
        <translation>支持的文件 (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff *.wav *.flac *.ogg *.mp3 *.txt *.jsonl *.csv *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation>添加文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Open a folder of images, audio and texts</source>
        <translation>打开包含图像、音频和文本的文件夹</translation>
    </message>
    <message>
        <source>Ctrl+Shift+I</source>
        <translation>Ctrl+Shift+I</translation>
    </message>
    <message>
        <source>Add &amp;text…</source>
        <translation>添加文本(&amp;T)…</translation>
    </message>
    <message>
        <source>Add text</source>
        <translation>添加文本</translation>
    </message>
    <message>
        <source>One caption per line:</source>
        <translation>每行一条描述：</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>S&amp;peak text…</source>
        <translation>朗读文本(&amp;P)…</translation>
    </message>
    <message>
        <source>Speak text</source>
        <translation>朗读文本</translation>
    </message>
    <message>
        <source>Text to say (English or Chinese):</source>
        <translation>要朗读的文本（英文或中文）：</translation>
    </message>
    <message>
        <source>Voice:</source>
        <translation>声音：</translation>
    </message>
    <message>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>Open &amp;CLIP checkpoint…</source>
        <translation>打开 CLIP 检查点(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Engine</source>
        <translation>引擎(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About FusionScope</source>
        <translation>关于 FusionScope(&amp;A)</translation>
    </message>
    <message>
        <source>Open a CLIP checkpoint (an OpenAI .pt file, or any file of a Hugging Face CLIP folder)</source>
        <translation>打开 CLIP 检查点（OpenAI .pt 文件，或 Hugging Face CLIP 文件夹中的任一文件）</translation>
    </message>
    <message>
        <source>CLIP checkpoints (*.pt *.safetensors *.json);;All files (*)</source>
        <translation>CLIP 检查点 (*.pt *.safetensors *.json);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Compute &amp;device</source>
        <translation>计算设备(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Automatic (CUDA when available)</source>
        <translation>自动（可用时使用 CUDA）(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;CPU</source>
        <translation>CPU(&amp;C)</translation>
    </message>
    <message>
        <source>C&amp;UDA GPU</source>
        <translation>CUDA GPU(&amp;U)</translation>
    </message>
    <message>
        <source>About FusionScope</source>
        <translation>关于 FusionScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;FusionScope %1&lt;/h3&gt;&lt;p&gt;Explore how multimodal models fuse images, text and audio.&lt;/p&gt;&lt;p&gt;Qt %2 · LibTorch %3 · OpenCV %4 · libsndfile %5&lt;/p&gt;</source>
        <translation>&lt;h3&gt;FusionScope %1&lt;/h3&gt;&lt;p&gt;探索多模态模型如何融合图像、文本和音频。&lt;/p&gt;&lt;p&gt;Qt %2 · LibTorch %3 · OpenCV %4 · libsndfile %5&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Paste into the library</source>
        <translation>粘贴到资料库(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Find in the library</source>
        <translation>在资料库中查找(&amp;F)</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Only one workspace opens at a time; opened %1</source>
        <translation>一次只能打开一个工作区；已打开 %1</translation>
    </message>
</context>
<context>
    <name>ModelHost</name>
    <message>
        <source>Open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Use the embedding cache %1</source>
        <translation>使用嵌入缓存 %1</translation>
    </message>
</context>
<context>
    <name>ModelToolBar</name>
    <message>
        <source>Unified space (text, image, audio)</source>
        <translation>统一空间（文本、图像、音频）</translation>
    </message>
    <message>
        <source>Contrastive alignment (CLIP)</source>
        <translation>对比对齐（CLIP）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source> Model: </source>
        <translation> 模型： </translation>
    </message>
    <message>
        <source>  Fusion strategy: </source>
        <translation>  融合策略： </translation>
    </message>
    <message>
        <source>%1 (built in)</source>
        <translation>%1（内置）</translation>
    </message>
    <message>
        <source>%1 (not installed)</source>
        <translation>%1（未安装）</translation>
    </message>
    <message>
        <source>Open CLIP checkpoint…</source>
        <translation>打开 CLIP 检查点…</translation>
    </message>
    <message>
        <source>Early fusion</source>
        <translation>早期融合</translation>
    </message>
    <message>
        <source>Late fusion</source>
        <translation>晚期融合</translation>
    </message>
    <message>
        <source>Cross-modal attention</source>
        <translation>跨模态注意力</translation>
    </message>
    <message>
        <source>Gated cross-attention</source>
        <translation>门控交叉注意力</translation>
    </message>
    <message>
        <source>The strategy of %1</source>
        <translation>%1 的策略</translation>
    </message>
    <message>
        <source>Opens %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <source>Open a CLIP checkpoint (Model menu)</source>
        <translation>打开 CLIP 检查点（“模型”菜单）</translation>
    </message>
    <message>
        <source>Needs %1, which is not installed</source>
        <translation>需要 %1，但尚未安装</translation>
    </message>
    <message>
        <source>%1 answers questions about shapes scenes on the Questions page</source>
        <translation>%1 在问答页面回答关于形状场景的问题</translation>
    </message>
</context>
<context>
    <name>OverlayImageView</name>
    <message>
        <source>No image</source>
        <translation>无图像</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Speak “%1”</source>
        <translation>朗读“%1”</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>not a FusionScope workspace (no &quot;format&quot;: &quot;%1&quot;)</source>
        <translation>不是 FusionScope 工作区（缺少 &quot;format&quot;: &quot;%1&quot;）</translation>
    </message>
    <message>
        <source>workspace version %1 is newer than this FusionScope reads (%2)</source>
        <translation>工作区版本 %1 高于此 FusionScope 可读取的版本（%2）</translation>
    </message>
    <message>
        <source>&quot;items&quot; must be a list</source>
        <translation>&quot;items&quot; 必须是列表</translation>
    </message>
    <message>
        <source>item %1: &quot;kind&quot; must be image, text or audio</source>
        <translation>第 %1 项：&quot;kind&quot; 必须是 image、text 或 audio</translation>
    </message>
    <message>
        <source>item %1: &quot;content&quot; is missing</source>
        <translation>第 %1 项：缺少 &quot;content&quot;</translation>
    </message>
</context>
<context>
    <name>RetrievalPage</name>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Query by selected item</source>
        <translation>以所选项目查询</translation>
    </message>
    <message>
        <source>Speak</source>
        <translation>朗读</translation>
    </message>
    <message>
        <source>Describe what to find, in English or Chinese…</source>
        <translation>用英文或中文描述要查找的内容…</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Texts</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>top </source>
        <translation>前 </translation>
    </message>
    <message>
        <source>Use the item selected in the library (an image, a text or a clip of speech) as the query</source>
        <translation>将资料库中选中的项目（图像、文本或语音片段）用作查询</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Say the query with espeak-ng and search with the speech</source>
        <translation>用 espeak-ng 朗读查询，并以生成的语音进行检索</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>Select an item in the library first.</source>
        <translation>请先在资料库中选择一个项目。</translation>
    </message>
    <message>
        <source>Export the ranking</source>
        <translation>导出排名</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Type a query first.</source>
        <translation>请先输入查询。</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>Type what to say first.</source>
        <translation>请先输入要朗读的内容。</translation>
    </message>
    <message>
        <source>Speaking “%1”…</source>
        <translation>正在朗读“%1”…</translation>
    </message>
    <message>
        <source>Cannot speak “%1”: %2</source>
        <translation>无法朗读“%1”：%2</translation>
    </message>
    <message>
        <source>speech “%1” [%2]</source>
        <translation>语音“%1” [%2]</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Add items to the library, then type a query.</source>
        <translation>请先向资料库添加项目，然后输入查询。</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>The library has no %1 items to search.</source>
        <translation>资料库中没有可检索的%1项目。</translation>
    </message>
    <message>
        <source>%1 has no audio encoder; pick the built-in model for speech.</source>
        <translation>%1 没有音频编码器；处理语音请选择内置模型。</translation>
    </message>
    <message>
        <source>Query %1 · %2</source>
        <translation>查询 %1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>Rank %n item(s)</source>
        <translation>
            <numerusform>对 %n 个项目排序</numerusform>
        </translation>
    </message>
    <message>
        <source>%1. %2
%3</source>
        <translation>%1. %2
%3</translation>
    </message>
    <message>
        <source>cosine %1
%2</source>
        <translation>余弦 %1
%2</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s); click an image to see why it matches.</source>
        <translation>
            <numerusform>%n 个结果；点击图像查看匹配原因。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScatterMap</name>
    <message>
        <source>pairs</source>
        <translation>配对</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>已选中</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Automatic (CUDA when available)</source>
        <translation>自动（可用时使用 CUDA）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>automatic (%1 cores)</source>
        <translation>自动（%1 个核心）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Clear cache</source>
        <translation>清除缓存</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>The system&apos;s (%1)</source>
        <translation>跟随系统（%1）</translation>
    </message>
    <message>
        <source>Compute device:</source>
        <translation>计算设备：</translation>
    </message>
    <message>
        <source>LibTorch threads:</source>
        <translation>LibTorch 线程：</translation>
    </message>
    <message>
        <source>Embedding cache:</source>
        <translation>嵌入缓存：</translation>
    </message>
    <message>
        <source>Cache size limit:</source>
        <translation>缓存大小上限：</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Threads and language take effect when FusionScope next starts.</source>
        <translation>线程和语言设置将在下次启动 FusionScope 时生效。</translation>
    </message>
    <message>
        <source>Embedding cache folder</source>
        <translation>嵌入缓存文件夹</translation>
    </message>
    <message>
        <source>in use: %1 MB</source>
        <translation>已用：%1 MB</translation>
    </message>
</context>
<context>
    <name>ShapesVqaPanel</name>
    <message>
        <source>weights: image %1, question %2</source>
        <translation>权重：图像 %1，问题 %2</translation>
    </message>
    <message>
        <source>where the question looked; gates %1</source>
        <translation>问题关注的位置；门控 %1</translation>
    </message>
    <message>
        <source>where the question looked</source>
        <translation>问题关注的位置</translation>
    </message>
    <message>
        <source>no attention: the image is pooled before fusion</source>
        <translation>无注意力：图像在融合前被池化</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>A question about the scene, e.g. Is the red object on the left?</source>
        <translation>关于场景的问题，例如 Is the red object on the left?</translation>
    </message>
    <message>
        <source>Scene:</source>
        <translation>场景：</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Details of:</source>
        <translation>详情：</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Typed text</source>
        <translation>输入的文字</translation>
    </message>
    <message>
        <source>Spoken by espeak-ng (%1)</source>
        <translation>由 espeak-ng 朗读（%1）</translation>
    </message>
    <message>
        <source>Spoken, from an audio file</source>
        <translation>口述，来自音频文件</translation>
    </message>
    <message>
        <source>Spoken questions are heard by the speech reader, which turns the audio into the question&apos;s words for the models</source>
        <translation>口述的问题由语音读取器收听，它把音频转成问题的词语交给模型</translation>
    </message>
    <message>
        <source>Ask as:</source>
        <translation>提问方式：</translation>
    </message>
    <message>
        <source>A spoken question</source>
        <translation>口述的问题</translation>
    </message>
    <message>
        <source>Audio (*.wav *.flac *.ogg *.mp3);;All files (*)</source>
        <translation>音频 (*.wav *.flac *.ogg *.mp3);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Heard “%1”</source>
        <translation>听到“%1”</translation>
    </message>
    <message>
        <source>%1: the strategies&apos; answers</source>
        <translation>%1：各策略的回答</translation>
    </message>
    <message>
        <source>%1 — right answer: &lt;b&gt;%2&lt;/b&gt;; %3 of %4 strategies answer it.</source>
        <translation>%1 — 正确答案：&lt;b&gt;%2&lt;/b&gt;；%4 个策略中有 %3 个答对。</translation>
    </message>
</context>
<context>
    <name>SimilarityPage</name>
    <message>
        <source>Sort by best match</source>
        <translation>按最佳匹配排序</translation>
    </message>
    <message>
        <source>Cosine similarity</source>
        <translation>余弦相似度</translation>
    </message>
    <message>
        <source>Logits (temperature-scaled)</source>
        <translation>Logits（经温度缩放）</translation>
    </message>
    <message>
        <source>Softmax per row</source>
        <translation>逐行 softmax</translation>
    </message>
    <message>
        <source>pairs: </source>
        <translation>配对数：</translation>
    </message>
    <message>
        <source>How many pairs of the library to compare (rows and columns from the same manifest lines)</source>
        <translation>要比较资料库中的多少对项目（行和列取自清单中的同一行）</translation>
    </message>
    <message>
        <source>Use library selection</source>
        <translation>使用资料库中的选择</translation>
    </message>
    <message>
        <source>Rows and columns from the items selected in the library</source>
        <translation>行和列取自资料库中选中的项目</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>行：</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>列：</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>PNG 图像…</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>PDF document…</source>
        <translation>PDF 文档…</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>CSV data…</source>
        <translation>CSV 数据…</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Select %1 and %2 items in the library first.</source>
        <translation>请先在资料库中选择%1和%2项目。</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>The library has no %1 or no %2 items.</source>
        <translation>资料库中没有%1项目或没有%2项目。</translation>
    </message>
    <message>
        <source>%1 has no audio encoder; pick the built-in model for speech.</source>
        <translation>%1 没有音频编码器；处理语音请选择内置模型。</translation>
    </message>
    <message>
        <source>Similarity of %1 × %2 items</source>
        <translation>%1 × %2 个项目的相似度</translation>
    </message>
    <message>
        <source>%1 of %2 rows match their own pair best (the diagonal). Click a cell to see why.</source>
        <translation>%2 行中有 %1 行与自身配对项最匹配（对角线）。点击单元格查看原因。</translation>
    </message>
    <message>
        <source>Click a cell to see why.</source>
        <translation>点击单元格查看原因。</translation>
    </message>
    <message>
        <source>Explanations show where a query looks in an image; this cell pairs no image.</source>
        <translation>解释显示查询在图像中关注的位置；此单元格不涉及图像。</translation>
    </message>
</context>
<context>
    <name>TokenStrip</name>
    <message>
        <source>No tokens</source>
        <translation>无词元</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>Tour</name>
    <message>
        <source>cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>saved %1 page(s) to %2, but these show no results: %3</source>
        <translation>已将 %1 个页面保存到 %2，但以下页面没有结果：%3</translation>
    </message>
    <message numerus="yes">
        <source>saved %n page(s) to %1</source>
        <translation>
            <numerusform>已将 %n 个页面保存到 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VqaEvaluationPanel</name>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Open question set…</source>
        <translation>打开问题集…</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Right answer</source>
        <translation>正确答案</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>&lt;b&gt;Answers of&lt;/b&gt;</source>
        <translation>&lt;b&gt;回答来自&lt;/b&gt;</translation>
    </message>
    <message>
        <source>misses first; double-click opens the question on the Questions page</source>
        <translation>答错的排在前面；双击可在问答页面打开该问题</translation>
    </message>
    <message>
        <source>Open a question set</source>
        <translation>打开问题集</translation>
    </message>
    <message>
        <source>Question sets (*.jsonl);;All files (*)</source>
        <translation>问题集 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>No question set</source>
        <translation>没有问题集</translation>
    </message>
    <message>
        <source>Question set: %1</source>
        <translation>问题集：%1</translation>
    </message>
    <message numerus="yes">
        <source>Question set: %1 (%n question(s))</source>
        <translation>
            <numerusform>问题集：%1（%n 个问题）</numerusform>
        </translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Relational</source>
        <translation>关系类</translation>
    </message>
    <message>
        <source>Non-relational</source>
        <translation>非关系类</translation>
    </message>
    <message>
        <source>· %1</source>
        <translation>· %1</translation>
    </message>
    <message>
        <source>BLEU-4</source>
        <translation>BLEU-4</translation>
    </message>
    <message>
        <source>BLEU-1</source>
        <translation>BLEU-1</translation>
    </message>
    <message>
        <source>ROUGE-L</source>
        <translation>ROUGE-L</translation>
    </message>
</context>
<context>
    <name>VqaPage</name>
    <message>
        <source>A question about the image</source>
        <translation>关于图像的问题</translation>
    </message>
    <message>
        <source>Candidate answers, separated by commas</source>
        <translation>候选答案，用逗号分隔</translation>
    </message>
    <message>
        <source>How a question and an answer become the caption the model compares with the image</source>
        <translation>问题和答案如何组成模型与图像进行比较的描述文字</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>图像：</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Answers:</source>
        <translation>答案：</translation>
    </message>
    <message>
        <source>Caption template:</source>
        <translation>描述模板：</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>PNG 图像…</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>PDF document…</source>
        <translation>PDF 文档…</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>JSON data…</source>
        <translation>JSON 数据…</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Add images to the library, then ask a question about one.</source>
        <translation>请先向资料库添加图像，然后针对其中一张提问。</translation>
    </message>
    <message>
        <source>What is in the picture?</source>
        <translation>图片里有什么？</translation>
    </message>
    <message>
        <source>Pick an image and give at least two candidate answers.</source>
        <translation>请选择一张图像，并给出至少两个候选答案。</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>Answer “%1”</source>
        <translation>回答“%1”</translation>
    </message>
    <message>
        <source>Where “%1” looks</source>
        <translation>“%1”关注的位置</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; → &lt;b&gt;%2&lt;/b&gt; (%3 %) · %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; → &lt;b&gt;%2&lt;/b&gt;（%3 %）· %4</translation>
    </message>
    <message>
        <source>Zero-shot: the model was not trained to answer questions; it ranks the captions that each answer makes.</source>
        <translation>零样本：模型并未被训练来回答问题；它对每个答案组成的描述文字进行排序。</translation>
    </message>
    <message>
        <source>Shapes VQA models, every fusion strategy</source>
        <translation>形状问答模型，全部融合策略</translation>
    </message>
    <message>
        <source>Zero-shot with the open model</source>
        <translation>用当前模型进行零样本问答</translation>
    </message>
    <message>
        <source>The shapes VQA models are not installed</source>
        <translation>形状问答模型未安装</translation>
    </message>
    <message>
        <source>Answer with:</source>
        <translation>回答方式：</translation>
    </message>
    <message>
        <source>Shapes scene %1</source>
        <translation>形状场景 %1</translation>
    </message>
    <message>
        <source>Pick a scene and type a question about it.</source>
        <translation>请选择一个场景并输入关于它的问题。</translation>
    </message>
    <message>
        <source>Could not speak the question: %1</source>
        <translation>无法朗读问题：%1</translation>
    </message>
    <message>
        <source>%1 (spoken)</source>
        <translation>%1（口述）</translation>
    </message>
</context>
<context>
    <name>WaveformView</name>
    <message>
        <source>No audio</source>
        <translation>无音频</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Early fusion</source>
        <translation>早期融合</translation>
    </message>
    <message>
        <source>Project each modality to one width, concatenate, mix with an MLP</source>
        <translation>将各模态投影到同一宽度，拼接后用 MLP 混合</translation>
    </message>
    <message>
        <source>How much each modality contributes (gradient × input)</source>
        <translation>各模态的贡献程度（梯度 × 输入）</translation>
    </message>
    <message>
        <source>Late fusion</source>
        <translation>晚期融合</translation>
    </message>
    <message>
        <source>Encode each modality alone, then a weighted sum with learned softmax weights</source>
        <translation>分别编码各模态，再用学习到的 softmax 权重加权求和</translation>
    </message>
    <message>
        <source>The learned modality weights</source>
        <translation>学习到的模态权重</translation>
    </message>
    <message>
        <source>Cross-modal attention</source>
        <translation>跨模态注意力</translation>
    </message>
    <message>
        <source>Tokens of one modality attend to tokens of another</source>
        <translation>一种模态的词元关注另一种模态的词元</translation>
    </message>
    <message>
        <source>Attention of every query token over image patches and audio frames</source>
        <translation>每个查询词元在图像块和音频帧上的注意力</translation>
    </message>
    <message>
        <source>Gated cross-attention</source>
        <translation>门控交叉注意力</translation>
    </message>
    <message>
        <source>Flamingo-style cross-attention between frozen layers, behind tanh gates that start closed</source>
        <translation>Flamingo 式交叉注意力，插在冻结层之间，由初始关闭的 tanh 门控制</translation>
    </message>
    <message>
        <source>Gate values per layer and attention maps</source>
        <translation>各层的门控值和注意力图</translation>
    </message>
    <message>
        <source>Contrastive alignment</source>
        <translation>对比对齐</translation>
    </message>
    <message>
        <source>CLIP-style: both modalities in one normalised space, symmetric InfoNCE</source>
        <translation>CLIP 式：两种模态位于同一归一化空间，使用对称 InfoNCE</translation>
    </message>
    <message>
        <source>Similarity matrices and relevancy maps</source>
        <translation>相似度矩阵和相关性图</translation>
    </message>
    <message>
        <source>Unified space</source>
        <translation>统一空间</translation>
    </message>
    <message>
        <source>Text, image and audio projected into the same space</source>
        <translation>文本、图像和音频投影到同一空间</translation>
    </message>
    <message>
        <source>Tri-modal similarity and the modality gap on an embedding map</source>
        <translation>三模态相似度，以及嵌入图上的模态鸿沟</translation>
    </message>
    <message>
        <source>&lt;h1&gt;FusionScope&lt;/h1&gt;&lt;p&gt;Load images, text and audio, pick a model and a fusion strategy, and see why the model decides what it decides.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;FusionScope&lt;/h1&gt;&lt;p&gt;加载图像、文本和音频，选择模型和融合策略，看看模型为何做出这样的判断。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>How it fuses</source>
        <translation>融合方式</translation>
    </message>
    <message>
        <source>What you can inspect</source>
        <translation>可检查的内容</translation>
    </message>
</context>
<context>
    <name>WorkspaceController</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1: %n item(s)</source>
        <translation>
            <numerusform>已打开 %1：%n 个项目</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message numerus="yes">
        <source>Restored the last session: %n item(s)</source>
        <translation>
            <numerusform>已恢复上次会话：%n 个项目</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: no such file (kept in the workspace)</source>
        <translation>%1：文件不存在（仍保留在工作区中）</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n file(s) it lists are missing</source>
        <translation>
            <numerusform>%1：其中列出的 %n 个文件不存在</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fscope::ui::AttentionPage</name>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
</context>
<context>
    <name>fscope::ui::EmbeddingMapPage</name>
    <message>
        <source>Embedding map</source>
        <translation>嵌入图</translation>
    </message>
</context>
<context>
    <name>fscope::ui::EvaluationPage</name>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
</context>
<context>
    <name>fscope::ui::FusionLabPage</name>
    <message>
        <source>Fusion Lab</source>
        <translation>融合实验室</translation>
    </message>
</context>
<context>
    <name>fscope::ui::RetrievalPage</name>
    <message>
        <source>Retrieval</source>
        <translation>检索</translation>
    </message>
</context>
<context>
    <name>fscope::ui::SimilarityPage</name>
    <message>
        <source>Similarity matrix</source>
        <translation>相似度矩阵</translation>
    </message>
</context>
<context>
    <name>fscope::ui::VqaPage</name>
    <message>
        <source>Questions (VQA)</source>
        <translation>问答（VQA）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Explore how multimodal models fuse images, text and audio.</source>
        <translation>探索多模态模型如何融合图像、文本和音频。</translation>
    </message>
    <message>
        <source>Compute device for this session: auto, cpu or cuda (default: the Engine menu&apos;s setting).</source>
        <translation>本次会话使用的计算设备：auto、cpu 或 cuda（默认：“引擎”菜单中的设置）。</translation>
    </message>
    <message>
        <source>LibTorch threads for this session (0: automatic).</source>
        <translation>本次会话使用的 LibTorch 线程数（0：自动）。</translation>
    </message>
    <message>
        <source>Visit every page, save one PNG per page into &lt;dir&gt;, and quit.</source>
        <translation>访问每个页面，将每页保存为一个 PNG 到 &lt;dir&gt;，然后退出。</translation>
    </message>
    <message>
        <source>A workspace (.fsw) to open, or files and manifests to add.</source>
        <translation>要打开的工作区（.fsw），或要添加的文件和清单。</translation>
    </message>
</context>
</TS>
