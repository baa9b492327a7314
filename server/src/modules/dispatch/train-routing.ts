import type { TRoutingModelDto } from '@hotline/shared';
import type { TUseCaseContext } from '../../app-context';

/** CONTRACT (helper D fills in): trains the unit and category models from handled tickets and stores them. */
export async function trainRoutingModels(
  _ctx: TUseCaseContext,
): Promise<{ unit: TRoutingModelDto | null; category: TRoutingModelDto | null }> {
  throw new Error('trainRoutingModels: not implemented yet');
}
