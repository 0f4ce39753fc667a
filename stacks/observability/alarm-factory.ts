/**
 * Creates alarms that notify the alarm topic on ALARM and on OK, with names
 * `{app}-{env}-{what}` so an operator can find them, and keeps the list for the dashboard.
 */
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Construct } from "constructs";

export interface AlarmDefinition {
  /** Construct id and name suffix, e.g. `Replica0Heartbeat`. */
  readonly id: string;
  readonly description: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
}

export class AlarmFactory {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;

  constructor(
    private readonly scope: Construct,
    private readonly namePrefix: string,
    topic: sns.ITopic,
  ) {
    this.action = new actions.SnsAction(topic);
  }

  add(definition: AlarmDefinition): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this.scope, `${definition.id}Alarm`, {
      alarmName: `${this.namePrefix}-${definition.id}`,
      alarmDescription: definition.description,
      metric: definition.metric,
      threshold: definition.threshold,
      comparisonOperator: definition.comparison,
      evaluationPeriods: definition.evaluationPeriods,
      datapointsToAlarm: definition.datapointsToAlarm ?? definition.evaluationPeriods,
      treatMissingData: definition.treatMissingData,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}
