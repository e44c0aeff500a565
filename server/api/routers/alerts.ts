import 'server-only';
import { alertFirePage, alertFiresInput, alertIdInput, alertPage, alertSchema, createAlertInput, deletedAlertSchema, listAlertsInput, updateAlertInput } from '@/contracts/alerts';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { createAlert, deleteAlert, getAlert, listAlertFires, listAlerts, updateAlert } from '@/server/services/alerts/alerts';

/** The signed-in user's price alerts. Every procedure works on the caller's own alerts; others' are 404. */
export const alertsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listAlertsInput)
    .output(alertPage)
    .query(({ ctx, input }) => listAlerts(ctx.db, ctx.user.id, input)),

  get: protectedProcedure
    .input(alertIdInput)
    .output(alertSchema)
    .query(({ ctx, input }) => getAlert(ctx.db, ctx.user.id, input.id)),

  fires: protectedProcedure
    .input(alertFiresInput)
    .output(alertFirePage)
    .query(({ ctx, input }) => listAlertFires(ctx.db, ctx.user.id, input)),

  create: protectedProcedure
    .input(createAlertInput)
    .output(alertSchema)
    .mutation(({ ctx, input }) => createAlert(ctx, ctx.user.id, input)),

  update: protectedProcedure
    .input(updateAlertInput)
    .output(alertSchema)
    .mutation(({ ctx, input }) => updateAlert(ctx, ctx.user.id, input)),

  delete: protectedProcedure
    .input(alertIdInput)
    .output(deletedAlertSchema)
    .mutation(({ ctx, input }) => deleteAlert(ctx, ctx.user.id, input.id)),
});
