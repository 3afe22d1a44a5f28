import { HeatmapLayer } from '@deck.gl/aggregation-layers';

/** What the fix below needs of luma.gl's ShaderInputs. */
interface PropsSink {
  setProps(props: Record<string, unknown>): void;
}

/**
 * deck.gl 9.4's HeatmapLayer with a clean console. Its weight-map pass (`_updateWeightmap`) hands
 * the texture it renders into, `weightsTexture`, to the pass's shader inputs as a prop of the
 * `weight` uniform module. luma.gl files every prop that is not a uniform as a binding, the pass's
 * shaders declare no such binding (the texture is the pass's render target, never sampled), and
 * every draw of the pass then logs "luma.gl: Binding weightsTexture not set: Not found in shader
 * layout" (luma.gl core/adapter-utils/bind-groups.ts) on the first weight map of every page. The
 * target stays attached to the pass's framebuffer; only the stray prop is dropped before it
 * reaches luma.gl, each time the layer (re)creates the pass (new data, new shaders).
 */
export class CaseHeatmapLayer<DataT> extends HeatmapLayer<DataT> {
  static override layerName = 'CaseHeatmapLayer';

  override _createWeightsTransform(shaders: Parameters<HeatmapLayer['_createWeightsTransform']>[0]): void {
    super._createWeightsTransform(shaders);
    const inputs = this.state.weightsTransform?.model.shaderInputs as PropsSink | undefined;
    if (!inputs) return;
    const setProps = inputs.setProps.bind(inputs);
    inputs.setProps = (props) => setProps(withoutRenderTarget(props));
  }
}

/** The props with `weight.weightsTexture` left out. */
export function withoutRenderTarget(props: Record<string, unknown>): Record<string, unknown> {
  const weight = props.weight;
  if (typeof weight !== 'object' || weight === null || !('weightsTexture' in weight)) return props;
  const { weightsTexture: _target, ...uniforms } = weight as Record<string, unknown>;
  return { ...props, weight: uniforms };
}
